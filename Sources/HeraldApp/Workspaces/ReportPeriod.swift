import Foundation
import HeraldCore

/// A period people pick for a report: `from` and `to` as `YYYY-MM-DD` in the workspace's zone,
/// both days whole; by default the last 30 days up to today. `maxDays` bounds what one request
/// may ask a page to draw day by day.
package enum ReportPeriod {
    package static func parse(_ zone: TimeZoneName, from rawFrom: String?, to rawTo: String?, maxDays: Int? = nil,
                              now: Date = Date()) throws -> (Date, Date) {
        let today = Schedule.local(now, in: zone)
        func day(_ raw: String?, field: String, fallback: LocalDateTime) throws -> LocalDateTime {
            guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return fallback }
            return try LocalDateTime.parse(date: raw, time: "00:00", dateField: field)
        }
        let start = try day(rawFrom, field: "from", fallback: today.adding(days: -29))
        let end = try day(rawTo, field: "to", fallback: today)
        guard start <= end else { throw ValidationError(code: "invalid_period", field: "to", message: .init(.reportPeriodInvalid)) }
        if let maxDays, end.adding(days: -maxDays) >= start {
            throw ValidationError(code: "invalid_period", field: "from", message: .init(.reportPeriodTooLong, String(maxDays)))
        }
        let from = Schedule.instant(of: LocalDateTime(year: start.year, month: start.month, day: start.day, hour: 0, minute: 0), in: zone).date
        let next = end.adding(days: 1)
        let to = Schedule.instant(of: LocalDateTime(year: next.year, month: next.month, day: next.day, hour: 0, minute: 0), in: zone).date
        return (from, to)
    }

    /// The first and last day of a period, as people typed them.
    package static func days(_ from: Date, _ to: Date, in zone: TimeZoneName) -> (String, String) {
        (Schedule.local(from, in: zone).dateString, Schedule.local(to.addingTimeInterval(-1), in: zone).dateString)
    }
}
