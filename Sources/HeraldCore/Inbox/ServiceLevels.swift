import Foundation

/// When a workspace answers: opening hours per weekday in its zone, and days off. Service-level
/// timers count only these hours; each day's window is turned into instants in the zone, so a
/// daylight-saving change shortens or lengthens that day as the clocks do.
public struct BusinessHours: Codable, Sendable, Equatable {
    /// One weekday's hours, minutes after midnight (`close` after `open`).
    public struct Window: Codable, Sendable, Equatable {
        public var open: Int
        public var close: Int

        public init(open: Int, close: Int) {
            self.open = open
            self.close = close
        }
    }

    /// Monday = 1 … Sunday = 7 → the hours; a missing weekday is closed.
    public var days: [Int: Window]
    /// Days off, `YYYY-MM-DD` in the workspace's zone.
    public var holidays: Set<String>

    public init(days: [Int: Window], holidays: Set<String> = []) {
        self.days = days
        self.holidays = holidays
    }

    /// Monday to Friday, 09:00–18:00.
    public static let standard = BusinessHours(days: Dictionary(uniqueKeysWithValues: (1...5).map { ($0, Window(open: 9 * 60, close: 18 * 60)) }))

    /// Each local day's open stretch, worked out once for many clocks read together (a list of items).
    public final class Windows: @unchecked Sendable {
        var known: [LocalDateTime: (Date, Date)?] = [:]
        public init() {}
    }

    func window(on day: LocalDateTime, in zone: TimeZoneName, cache: Windows?) -> (Date, Date)? {
        if let cache, let known = cache.known[day] { return known }
        let window = window(on: day, in: zone)
        cache?.known[day] = window
        return window
    }

    /// The open stretches of the local day `day` as instants (none on a day off).
    func window(on day: LocalDateTime, in zone: TimeZoneName) -> (Date, Date)? {
        guard let hours = days[day.weekday], hours.close > hours.open, !holidays.contains(day.dateString) else { return nil }
        func at(_ minutes: Int) -> Date {
            Schedule.instant(of: LocalDateTime(year: day.year, month: day.month, day: day.day, hour: minutes / 60, minute: minutes % 60), in: zone).date
        }
        // 24:00 is the next day's midnight.
        let close = hours.close >= 24 * 60 ? Schedule.instant(of: day.adding(days: 1).startOfDay, in: zone).date : at(hours.close)
        return (at(hours.open), close)
    }

    /// Business seconds between two instants (0 if `to` is not after `from`).
    public func elapsed(from: Date, to: Date, in zone: TimeZoneName) -> TimeInterval {
        guard to > from else { return 0 }
        var total: TimeInterval = 0
        var day = Schedule.local(from, in: zone).startOfDay
        let last = Schedule.local(to, in: zone).startOfDay
        var guardDays = 0
        while day <= last, guardDays < 3700 {
            if let (open, close) = window(on: day, in: zone) {
                let start = max(open, from), end = min(close, to)
                if end > start { total += end.timeIntervalSince(start) }
            }
            day = day.adding(days: 1)
            guardDays += 1
        }
        return total
    }

    /// The instant at which `seconds` of business time have passed since `from` (nil when the
    /// workspace is never open, or not within ten years).
    public func deadline(from: Date, adding seconds: TimeInterval, in zone: TimeZoneName, cache: Windows? = nil) -> Date? {
        var left = seconds
        var day = Schedule.local(from, in: zone).startOfDay
        for _ in 0..<3700 {
            if let (open, close) = window(on: day, in: zone, cache: cache) {
                let start = max(open, from)
                if close > start {
                    let available = close.timeIntervalSince(start)
                    if available >= left { return start.addingTimeInterval(left) }
                    left -= available
                }
            }
            day = day.adding(days: 1)
        }
        return nil
    }
}

/// How soon each priority must be answered and settled, in business seconds.
public struct ServiceTargets: Codable, Sendable, Equatable {
    public struct Target: Codable, Sendable, Equatable {
        public var firstResponse: TimeInterval
        public var resolution: TimeInterval

        public init(firstResponse: TimeInterval, resolution: TimeInterval) {
            self.firstResponse = firstResponse
            self.resolution = resolution
        }

        enum CodingKeys: String, CodingKey {
            case firstResponse = "first_response", resolution
        }
    }

    /// By priority name (low, normal, high, urgent).
    public var targets: [String: Target]

    public init(targets: [String: Target]) { self.targets = targets }

    /// The targets of a priority (by name); the standard normal ones for a priority without its own.
    public func target(for priority: String) -> Target {
        targets[priority] ?? Self.standard.targets["normal"]!
    }

    /// Urgent: an hour to answer, four to settle; high 4 h / 2 days; normal 8 h / 3 days; low 2 days / 5 days (9-hour days).
    public static let standard = ServiceTargets(targets: [
        "urgent": Target(firstResponse: 3600, resolution: 4 * 3600),
        "high": Target(firstResponse: 4 * 3600, resolution: 18 * 3600),
        "normal": Target(firstResponse: 8 * 3600, resolution: 27 * 3600),
        "low": Target(firstResponse: 18 * 3600, resolution: 45 * 3600),
    ])
}

/// Where one item stands against its targets.
public struct ServiceClock: Sendable, Equatable {
    public enum State: String, Sendable { case onTime = "on_time", near, breached, met }

    public var state: State
    /// When the next target runs out (first response, then resolution); nil once both are met.
    public var due: Date?

    /// `firstResponse` and `resolved`: when they happened, if they did. Until the first answer the
    /// clock runs against the first-response target, then against the resolution target; near:
    /// three quarters of it used.
    public static func of(arrived: Date, firstResponse: Date?, resolved: Date?, target: ServiceTargets.Target, hours: BusinessHours,
                          zone: TimeZoneName, now: Date, cache: BusinessHours.Windows? = nil) -> ServiceClock {
        if resolved != nil { return ServiceClock(state: .met, due: nil) }
        let limit = firstResponse == nil ? target.firstResponse : target.resolution
        // Walking forward from the arrival to the deadline costs the target's length, not the item's age.
        guard let due = hours.deadline(from: arrived, adding: limit, in: zone, cache: cache) else { return ServiceClock(state: .onTime, due: nil) }
        if now >= due { return ServiceClock(state: .breached, due: due) }
        let near = hours.deadline(from: arrived, adding: 0.75 * limit, in: zone, cache: cache) ?? due
        return ServiceClock(state: now >= near ? .near : .onTime, due: due)
    }
}

extension LocalDateTime {
    var startOfDay: LocalDateTime { LocalDateTime(year: year, month: month, day: day, hour: 0, minute: 0) }
}
