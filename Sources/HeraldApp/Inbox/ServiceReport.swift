import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// First-response and resolution times (business hours) of the items that arrived in a period,
/// by person (the assignee), department and channel: median and 90th percentile.
package enum ServiceReport {
    package struct Row: Sendable {
        package var name: String
        package var items: Int
        package var answered: Int
        package var resolved: Int
        package var firstResponse: (median: TimeInterval, p90: TimeInterval)?
        package var resolution: (median: TimeInterval, p90: TimeInterval)?
    }

    package struct Report: Sendable {
        package var from: Date
        package var to: Date
        package var total: Row
        package var byPerson: [Row]
        package var byDepartment: [Row]
        package var byChannel: [Row]
    }

    package static func report(_ access: WorkspaceAccess, from: Date, to: Date, on database: any Database) async throws -> Report {
        try access.require(.viewPosts)
        let workspace = access.workspace
        let items = try await InboxItem.scoped(to: access.workspaceID, on: database).with(\.$channel)
            .filter(\.$at >= from).filter(\.$at < to).all()
            .filter { !$0.labels.contains("spam") }
        let members = Dictionary(try await TenancyQueries.members(of: access.workspaceID, on: database).map { ($0.$user.id, $0.user.name) },
                                 uniquingKeysWith: { a, _ in a })
        let departments = Dictionary(try await Department.scoped(to: access.workspaceID, on: database).all().compactMap { d in d.id.map { ($0, d.name) } },
                                     uniquingKeysWith: { a, _ in a })
        func row(_ name: String, _ group: [InboxItem]) -> Row {
            let hours = workspace.businessHours, zone = workspace.zone
            let first = group.compactMap { item in item.firstResponseAt.map { hours.elapsed(from: item.at, to: $0, in: zone) } }
            let settled = group.compactMap { item in item.status == .done ? item.resolvedAt.map { hours.elapsed(from: item.at, to: $0, in: zone) } : nil }
            return Row(name: name, items: group.count, answered: first.count, resolved: settled.count,
                       firstResponse: summary(first), resolution: summary(settled))
        }
        func rows(_ key: (InboxItem) -> String) -> [Row] {
            Dictionary(grouping: items, by: key).map { row($0.key, $0.value) }.sorted { $0.items > $1.items || ($0.items == $1.items && $0.name < $1.name) }
        }
        return Report(from: from, to: to, total: row("", items),
                      byPerson: rows { $0.assignedTo.flatMap { members[$0] } ?? "—" },
                      byDepartment: rows { $0.departmentID.flatMap { departments[$0] } ?? "—" },
                      byChannel: rows { $0.channel.name })
    }

    /// Median and 90th percentile (nearest rank); nil for no values.
    static func summary(_ values: [TimeInterval]) -> (median: TimeInterval, p90: TimeInterval)? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        func rank(_ p: Double) -> TimeInterval { sorted[max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
        return (rank(0.5), rank(0.9))
    }

    /// The report as CSV: one line per group, times in business minutes.
    package static func csv(_ report: Report) -> String {
        var lines = ["group,name,items,answered,resolved,first_response_median_minutes,first_response_p90_minutes,resolution_median_minutes,resolution_p90_minutes"]
        func minutes(_ value: TimeInterval?) -> String { value.map { String(Int(($0 / 60).rounded())) } ?? "" }
        let quoted = CSVTable.cell
        for (group, rows) in [("total", [report.total]), ("person", report.byPerson), ("department", report.byDepartment), ("channel", report.byChannel)] {
            for row in rows {
                lines.append([group, quoted(row.name), String(row.items), String(row.answered), String(row.resolved),
                              minutes(row.firstResponse?.median), minutes(row.firstResponse?.p90), minutes(row.resolution?.median),
                              minutes(row.resolution?.p90)].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
