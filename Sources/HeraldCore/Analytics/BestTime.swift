import Foundation

/// When this workspace's audience answers best, from its own published posts: engagement by hour
/// of the week (workspace time zone), each hour with a confidence interval and the number of posts
/// behind it, the best hours of each weekday, and what that says about the queue's posting slots.
///
/// Each post is scored against its own channel's usual post (interactions ÷ the channel's median),
/// so a big channel does not drown a small one, and an hour's figure is the mean score of the posts
/// published in that hour or the hour either side (three hours, to have enough posts per cell),
/// divided by the mean of all scores: 1.6 means "1.6× a usual post". Posts younger than two days
/// are left out — their numbers are still growing.
public struct BestTime: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        /// Monday = 1 … Sunday = 7.
        public var weekday: Int
        public var hour: Int
        /// Relative to a usual post; nil when no post is behind it.
        public var estimate: Estimate?

        /// The cell as a weekly time (minute 0).
        public var slot: WeeklySlot { WeeklySlot(weekday: weekday, hour: hour, minute: 0) }

        /// Three posts or more: shown, used for recommendations. Fewer: greyed.
        public var isReliable: Bool { (estimate?.n ?? 0) >= BestTime.minimumPerCell }
    }

    public struct SlotAdvice: Sendable, Equatable {
        public enum Verdict: String, Sendable, Codable {
            /// The slot sits in one of the day's good hours.
            case good
            /// Another hour of that day does clearly better (`factor` ≥ 1.2).
            case low
            /// Too few posts near the slot to judge.
            case unknown
        }

        public var slot: WeeklySlot
        public var verdict: Verdict
        public var current: Estimate?
        /// The day's best hour when the slot is low.
        public var better: Cell?
        /// better ÷ current.
        public var factor: Double?
    }

    public static let minimumPosts = 10
    public static let minimumPerCell = 3
    public static let settleTime: TimeInterval = 48 * 3600
    /// How much better another hour must be before a slot is called low.
    public static let clearlyBetter = 1.2

    /// The posts behind the grid (old enough, with interactions counted).
    public var posts: Int
    /// 168 cells, Monday 00:00 first.
    public var cells: [Cell]

    /// Under ten posts nothing is recommended: the page says so plainly.
    public var hasEnoughData: Bool { posts >= Self.minimumPosts }

    public func cell(weekday: Int, hour: Int) -> Cell { cells[(weekday - 1) * 24 + hour] }

    public init(posts: [PostPerformance], zone: TimeZoneName, now: Date) {
        let settled = posts.filter { now.timeIntervalSince($0.publishedAt) >= Self.settleTime }
        var hours: [UUID: [Int: InteractionSums]] = [:]
        for post in settled {
            hours[post.channelID, default: [:]][Self.hourOfWeek(post.publishedAt, in: zone), default: InteractionSums()].add(post.interactions)
        }
        self.init(hours: hours, bases: ChannelBases(posts: settled))
    }

    /// From the posts' interactions added up per channel and hour of the week (0 = Monday 00:00
    /// … 167), and each channel's usual post. Channels without a base are left out.
    public init(hours: [UUID: [Int: InteractionSums]], bases: ChannelBases) {
        let byChannel = hours.filter { bases[$0.key] != nil }
        var byHour: [Int: [UUID: InteractionSums]] = [:]
        for (channel, cells) in byChannel {
            for (hour, sums) in cells where (0..<168).contains(hour) { byHour[hour, default: [:]][channel] = sums }
        }
        let scored = bases.scores(byHour)
        let all = scored.values.reduce(InteractionSums(), +)
        posts = all.n
        let overall = all.n > 0 ? all.sum / Double(all.n) : 1
        cells = (0..<168).map { index in
            let window = (-1...1).reduce(InteractionSums()) { $0 + (scored[(index + $1 + 168) % 168] ?? InteractionSums()) }
            return Cell(weekday: index / 24 + 1, hour: index % 24, estimate: Estimate.of(window)?.relative(to: overall))
        }
    }

    /// A time's hour of the week in `zone`: 0 = Monday 00:00 … 167 = Sunday 23:00.
    public static func hourOfWeek(_ date: Date, in zone: TimeZoneName) -> Int {
        let local = Schedule.local(date, in: zone)
        return (local.weekday - 1) * 24 + local.hour
    }

    /// The best reliable hours of `weekday`, best first, at least three hours apart.
    public func best(weekday: Int, count: Int = 2) -> [Cell] {
        guard hasEnoughData else { return [] }
        let day = cells.filter { $0.weekday == weekday && $0.isReliable }.sorted { ($0.estimate?.mean ?? 0) > ($1.estimate?.mean ?? 0) }
        var picked: [Cell] = []
        for cell in day where picked.allSatisfy({ abs($0.hour - cell.hour) >= 3 }) {
            picked.append(cell)
            if picked.count == count { break }
        }
        return picked
    }

    /// What the grid says about each posting slot.
    public func advice(for slots: [WeeklySlot]) -> [SlotAdvice] {
        slots.sorted().map { slot in
            let current = cell(weekday: slot.weekday, hour: slot.hour)
            guard hasEnoughData, current.isReliable, let estimate = current.estimate else {
                return SlotAdvice(slot: slot, verdict: .unknown, current: current.estimate, better: nil, factor: nil)
            }
            if let top = best(weekday: slot.weekday, count: 1).first, let topEstimate = top.estimate, top.hour != slot.hour,
               estimate.mean > 0, topEstimate.mean / estimate.mean >= Self.clearlyBetter {
                return SlotAdvice(slot: slot, verdict: .low, current: estimate, better: top, factor: topEstimate.mean / estimate.mean)
            }
            return SlotAdvice(slot: slot, verdict: .good, current: estimate, better: nil, factor: nil)
        }
    }
}
