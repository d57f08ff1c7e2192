import Foundation

/// Turning planned wall-clock times into instants and back. A post is planned as "09:00 in
/// Europe/Berlin" and stored as that plus the UTC instant; daylight-saving changes therefore
/// never move it: 09:00 stays 09:00 local, whichever offset applies that day.
public enum Schedule {
    /// What had to be decided for a wall-clock time that does not map to exactly one instant.
    public enum Adjustment: Sendable, Equatable {
        /// The time falls in a spring-forward gap (02:30 when clocks jump 02:00 → 03:00): moved
        /// later by the gap, as the clocks did.
        case shiftedForward(minutes: Int)
        /// The time happens twice (clocks fall back): the first occurrence is used.
        case firstOfTwo
    }

    /// The instant `local` denotes in `zone`, and what was decided if it was not unique.
    public static func instant(of local: LocalDateTime, in zone: TimeZoneName) -> (date: Date, adjustment: Adjustment?) {
        let naive = local.utcDate
        let tz = zone.timeZone
        let offsets = Set([-86_400.0, 0, 86_400].map { tz.secondsFromGMT(for: naive.addingTimeInterval($0)) })
        let matches = offsets.map { naive.addingTimeInterval(-TimeInterval($0)) }
            .filter { Self.local($0, in: zone) == local }
            .sorted()
        if let first = matches.first {
            return (first, matches.count > 1 ? .firstOfTwo : nil)
        }
        // In a gap: use the offset in force before the change, which lands after the gap.
        let before = tz.secondsFromGMT(for: naive.addingTimeInterval(-86_400))
        let after = tz.secondsFromGMT(for: naive.addingTimeInterval(86_400))
        return (naive.addingTimeInterval(-TimeInterval(before)), .shiftedForward(minutes: abs(after - before) / 60))
    }

    /// The wall-clock time of `date` in `zone`.
    public static func local(_ date: Date, in zone: TimeZoneName) -> LocalDateTime {
        LocalDateTime.utcFields(date.addingTimeInterval(TimeInterval(zone.timeZone.secondsFromGMT(for: date))))
    }
}

/// A weekly posting time of a channel: "Mondays at 09:00" in the workspace's zone.
public struct WeeklySlot: Hashable, Codable, Sendable, Comparable {
    /// Monday = 1 … Sunday = 7.
    public var weekday: Int
    public var hour: Int
    public var minute: Int

    public init(weekday: Int, hour: Int, minute: Int) {
        self.weekday = weekday
        self.hour = hour
        self.minute = minute
    }

    public static func < (lhs: WeeklySlot, rhs: WeeklySlot) -> Bool {
        (lhs.weekday, lhs.hour, lhs.minute) < (rhs.weekday, rhs.hour, rhs.minute)
    }

    /// The first slot instant after `after` that is not in `taken`, looking up to `weeks` ahead.
    /// Slots that fall in a DST gap move as `Schedule.instant` says; none is skipped.
    public static func nextFree(_ slots: [WeeklySlot], after: Date, in zone: TimeZoneName, taken: Set<Date>,
                                weeks: Int = 12) -> Date? {
        guard !slots.isEmpty else { return nil }
        let start = Schedule.local(after, in: zone)
        let sorted = slots.sorted()
        for offset in 0...(weeks * 7) {
            let day = start.adding(days: offset)
            for slot in sorted where slot.weekday == day.weekday {
                let local = LocalDateTime(year: day.year, month: day.month, day: day.day, hour: slot.hour, minute: slot.minute)
                let instant = Schedule.instant(of: local, in: zone).date
                if instant > after && !taken.contains(instant) { return instant }
            }
        }
        return nil
    }
}
