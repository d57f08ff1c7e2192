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
        ((dayNumber + 3) % 7 + 7) % 7 + 1  // 1970-01-01 was a Thursday
    }

    public func adding(days: Int) -> LocalDateTime {
        let (year, month, day) = Self.civil(dayNumber + days)
        return LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute)
    }

    /// Days from 1970-01-01 to this date (its time left out): a number per day, for grouping and
    /// comparing days.
    public var dayNumber: Int { Self.dayNumber(year: year, month: month, day: day) }

    /// Days from 1970-01-01 to a date, in the proleptic Gregorian calendar (as every date
    /// Herald plans, 1970–2200, is). A month calendar moves through dozens of days and places
    /// hundreds of posts per page: through Foundation's `Calendar` that arithmetic was a visible
    /// share of the page's time; here it is a few integer operations.
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        // Years counted from March, so the leap day ends a year; eras of 400 years repeat exactly.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `number` days from 1970-01-01 (the inverse of `dayNumber`).
    static func civil(_ number: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = number + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Seconds from 1970-01-01 00:00 to this wall-clock time read as UTC.
    var utcSeconds: Int {
        dayNumber * 86_400 + hour * 3600 + minute * 60
    }

    public var dateString: String {
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            return Self.padded(year, 4) + "-" + Self.padded(month, 2) + "-" + Self.padded(day, 2)
        }
        return String(unsafeUninitializedCapacity: 10) { out in
            Self.put(year, width: 4, into: out, at: 0)
            out[4] = UInt8(ascii: "-")
            Self.put(month, width: 2, into: out, at: 5)
            out[7] = UInt8(ascii: "-")
            Self.put(day, width: 2, into: out, at: 8)
            return 10
        }
    }

    public var timeString: String {
        guard (0...99).contains(hour), (0...99).contains(minute) else { return Self.padded(hour, 2) + ":" + Self.padded(minute, 2) }
        return String(unsafeUninitializedCapacity: 5) { out in
            Self.put(hour, width: 2, into: out, at: 0)
            out[2] = UInt8(ascii: ":")
            Self.put(minute, width: 2, into: out, at: 3)
            return 5
        }
    }

    /// Zero-padded decimal of any value (the two strings above write theirs in place: pages show
    /// hundreds of dates and times).
    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        let padding = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + padding + digits
    }

    /// `value` (0 ..< 10^width) as `width` ASCII digits from `start`.
    private static func put(_ value: Int, width: Int, into out: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
        var rest = value
        for index in stride(from: start + width - 1, through: start, by: -1) {
            out[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
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

    /// The UTC wall-clock fields of `date` (seconds dropped, as a person plans).
    static func utcFields(_ date: Date) -> LocalDateTime {
        let interval = date.timeIntervalSince1970.rounded(.down)
        // Far outside any plan (Foundation's sentinel dates): the calendar's own answer.
        guard interval.isFinite, abs(interval) < 1e13 else {
            let c = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            return LocalDateTime(year: c.year!, month: c.month!, day: c.day!, hour: c.hour!, minute: c.minute!)
        }
        let seconds = Int(interval)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let ofDay = seconds - days * 86_400
        let (year, month, day) = civil(days)
        return LocalDateTime(year: year, month: month, day: day, hour: ofDay / 3600, minute: ofDay % 3600 / 60)
    }

    /// The instant this wall-clock time denotes in UTC.
    var utcDate: Date { Date(timeIntervalSince1970: TimeInterval(utcSeconds)) }
}
