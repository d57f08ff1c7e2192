import Foundation

/// How many posts one account may publish in a rolling window. Each platform has a default
/// taken from its documented limits; a channel may override it (a self-hosted Mastodon instance
/// with its own limits, a paid API tier). The engine holds back what would exceed the budget
/// instead of collecting 429s, and a 429 pauses only the account that got it.
public struct RateBudget: Sendable, Equatable, Codable {
    public var count: Int
    public var seconds: Int

    public init(count: Int, seconds: Int) {
        self.count = count
        self.seconds = seconds
    }

    public var window: TimeInterval { TimeInterval(seconds) }

    public static func defaults(for platform: Platform) -> RateBudget {
        switch platform {
        case .sandbox: RateBudget(count: 10_000, seconds: 3600)
        case .mastodon: RateBudget(count: 300, seconds: 3 * 3600)        // statuses per account, Mastodon's default
        case .bluesky: RateBudget(count: 1_600, seconds: 3600)           // 5,000 write points an hour, 3 per record
        case .telegram: RateBudget(count: 20, seconds: 60)               // messages a minute to one group or channel
        case .vk: RateBudget(count: 50, seconds: 24 * 3600)              // wall posts a day
        case .x: RateBudget(count: 100, seconds: 24 * 3600)
        case .facebook: RateBudget(count: 200, seconds: 3600)
        case .instagram: RateBudget(count: 50, seconds: 24 * 3600)       // API-published posts per 24 hours
        case .threads: RateBudget(count: 250, seconds: 24 * 3600)        // posts per 24 hours
        case .linkedin: RateBudget(count: 150, seconds: 24 * 3600)
        case .odnoklassniki: RateBudget(count: 100, seconds: 24 * 3600)
        }
    }

    /// When the next post may go, given how many went in the window and when the oldest of them
    /// did; nil when it may go now.
    public func nextSlot(used: Int, oldestInWindow: Date?, now: Date) -> Date? {
        guard used >= count else { return nil }
        guard let oldest = oldestInWindow else { return now.addingTimeInterval(window / Double(max(count, 1))) }
        return max(oldest.addingTimeInterval(window), now.addingTimeInterval(1))
    }
}
