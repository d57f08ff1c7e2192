import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// A workspace's business hours and service targets, as people set them: per weekday `09:00`–`18:00`
/// (empty: closed), days off as dates, and per priority the hours to first answer and to settle.
package enum ServiceLevelService {
    package struct Input: Sendable {
        /// Monday = 1 … Sunday = 7 → ("09:00", "18:00"); a weekday left out is closed.
        package var days: [Int: (String, String)]
        package var holidays: [String]
        /// Priority → (first response hours, resolution hours), business hours.
        package var targets: [String: (Double, Double)]

        package init(days: [Int: (String, String)], holidays: [String], targets: [String: (Double, Double)]) {
            self.days = days
            self.holidays = holidays
            self.targets = targets
        }
    }

    /// Saves business hours, holidays and targets after checking them all (every problem at once).
    package static func save(_ access: WorkspaceAccess, _ input: Input, on database: any Database) async throws -> Workspace {
        try access.require(.manageSettings)
        var problems = Problems()
        var days: [Int: BusinessHours.Window] = [:]
        for (weekday, (open, close)) in input.days.sorted(by: { $0.key < $1.key }) {
            guard (1...7).contains(weekday) else { continue }
            let field = "day_\(weekday)"
            let o = open.trimmingCharacters(in: .whitespaces), c = close.trimmingCharacters(in: .whitespaces)
            if o.isEmpty && c.isEmpty { continue }
            let start = try problems.check { try minutes(o, field: field + "_open") }
            let end = try problems.check { c == "24:00" ? 24 * 60 : try minutes(c, field: field + "_close") }
            guard let start, let end else { continue }
            guard end > start else {
                problems.add(ValidationError(code: "invalid_hours", field: field + "_close", message: .init(.serviceHoursInvalid, o, c)))
                continue
            }
            days[weekday] = .init(open: start, close: end)
        }
        var holidays: Set<String> = []
        for raw in input.holidays.map({ $0.trimmingCharacters(in: .whitespaces) }) where !raw.isEmpty {
            if let day = try problems.check({ try LocalDateTime.parse(date: raw, time: "00:00", dateField: "holidays") }) { holidays.insert(day.dateString) }
        }
        if holidays.count > 366 {
            problems.add(ValidationError(code: "too_many", field: "holidays", message: .init(.errorTooLong, "366", String(holidays.count - 366))))
        }
        var targets = access.workspace.serviceTargets.targets
        for (priority, (first, resolution)) in input.targets.sorted(by: { $0.key < $1.key }) {
            guard InboxItem.Priority(rawValue: priority) != nil else { continue }
            let outOfRange = [(first, "\(priority)_first_response"), (resolution, "\(priority)_resolution")].filter { !($0.0 > 0 && $0.0 <= 24 * 365) }
            for (_, field) in outOfRange {
                problems.add(ValidationError(code: "out_of_range", field: field, message: .init(.errorOutOfRange, "0.1", "8760")))
            }
            guard outOfRange.isEmpty else { continue }
            guard resolution >= first else {
                problems.add(ValidationError(code: "invalid_target", field: "\(priority)_resolution", message: .init(.serviceTargetOrder)))
                continue
            }
            targets[priority] = .init(firstResponse: first * 3600, resolution: resolution * 3600)
        }
        try problems.throwIfAny()
        let workspace = access.workspace
        workspace.businessHours = BusinessHours(days: days, holidays: holidays)
        workspace.serviceTargets = ServiceTargets(targets: targets)
        try await workspace.save(on: database)
        return workspace
    }

    /// `HH:MM` as minutes after midnight.
    static func minutes(_ raw: String, field: String) throws -> Int {
        let parts = raw.split(separator: ":").map { Int($0) }
        guard parts.count == 2, let h = parts[0], let m = parts[1], (0...23).contains(h), (0...59).contains(m) else {
            throw ValidationError(code: "invalid_time", field: field, message: .init(.errorInvalidTime, raw))
        }
        return h * 60 + m
    }

    /// `HH:MM` of minutes after midnight.
    package static func text(_ minutes: Int) -> String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }
}
