import Foundation

/// A wall-clock time as a person plans it ("30 March, 09:00"), without a zone. Scheduling
/// stores the zone beside it and the UTC instant it denotes; see `Schedule`.
public struct LocalDateTime: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
    }

    /// From form or CSV fields `2026-03-30` and `09:00`.
    public static func parse(date: String, time: String, dateField: String = "date",
                             timeField: String = "time") throws(ValidationError) -> LocalDateTime {
        let d = date.trimmingCharacters(in: .whitespaces).split(separator: "-").map { Int($0) }
        guard d.count == 3, let year = d[0], let month = d[1], let day = d[2], (1970...2200).contains(year),
              (1...12).contains(month), (1...31).contains(day), day <= Self.days(inMonth: month, year: year)
        else { throw ValidationError(code: "invalid_date", field: dateField, message: .init(.errorInvalidDate, date)) }
        let t = time.trimmingCharacters(in: .whitespaces).split(separator: ":").map { Int($0) }
        guard t.count == 2, let hour = t[0], let minute = t[1], (0...23).contains(hour), (0...59).contains(minute) else {
            throw ValidationError(code: "invalid_time", field: timeField, message: .init(.errorInvalidTime, time))
        }
        return LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute)
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Monday = 1 … Sunday = 7 (ISO 8601).
    public var weekday: Int {
        let seconds = Self.utcCalendar.date(from: components)!.timeIntervalSince1970
        let days = Int((seconds / 86_400).rounded(.down))
        return ((days + 3) % 7 + 7) % 7 + 1  // 1970-01-01 was a Thursday
    }

    public func adding(days: Int) -> LocalDateTime {
        let date = Self.utcCalendar.date(byAdding: .day, value: days, to: Self.utcCalendar.date(from: components)!)!
        return Self.utcFields(date)
    }

    public var dateString: String { Self.padded(year, 4) + "-" + Self.padded(month, 2) + "-" + Self.padded(day, 2) }
    public var timeString: String { Self.padded(hour, 2) + ":" + Self.padded(minute, 2) }

    /// Zero-padded decimal (pages show hundreds of dates; `String(format:)` was a visible cost).
    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        let padding = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + padding + digits
    }
    public var description: String { dateString + " " + timeString }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute) < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute)
    }

    var components: DateComponents {
        DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)
    }

    static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func utcFields(_ date: Date) -> LocalDateTime {
        let c = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return LocalDateTime(year: c.year!, month: c.month!, day: c.day!, hour: c.hour!, minute: c.minute!)
    }
}
