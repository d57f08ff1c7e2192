import Foundation
import HeraldCore

/// What can be counted about an account.
public enum AccountMetric: String, Sendable, CaseIterable, Codable {
    case followers, following, posts
}

/// A platform whose numbers Herald can read: a post's metrics and an account's totals.
/// Platforms without it do not conform, and pages say "not available on <platform>".
public protocol Insights: SocialPlatform {
    /// The post metrics this platform gives at all (the rest are "not available").
    var postMetrics: Set<PostMetric> { get }
    /// The account metrics it gives.
    var accountMetrics: Set<AccountMetric> { get }
    /// Metrics of the account's posts, by remote id; a post that is gone is left out.
    func metrics(of remoteIDs: [String], credential: String) async throws(PlatformError) -> [String: [PostMetric: Int]]
    /// The account's totals now.
    func account(credential: String) async throws(PlatformError) -> [AccountMetric: Int]
    /// Post metrics that arrive with the Conversations stream (`ConversationBatch.counts`) rather than
    /// by asking (`metrics(of:)`), such as Telegram's reaction counts.
    var streamedPostMetrics: Set<PostMetric> { get }
    /// How many posts one reading round of a channel may ask about: the platform's request budget
    /// per account, shared with publishing and the inbox, kept well clear of (the most overdue
    /// posts are read first; the rest wait for the next round).
    var postsPerRound: Int { get }
}

extension Insights {
    public var streamedPostMetrics: Set<PostMetric> { [] }
    public var postsPerRound: Int { 100 }
    /// The metrics Herald has to ask for, post by post.
    public var readPostMetrics: Set<PostMetric> { postMetrics.subtracting(streamedPostMetrics) }
}

/// What a count from a platform may be. A hundred billion is beyond any post's views or account's
/// followers; above it (or below zero) the answer is odd. Kept within it, the sums and products
/// analytics makes of counts (interactions × posts over years of posts) stay far inside `Int`.
public enum PlatformCount {
    public static let plausible: ClosedRange<Int> = 0...100_000_000_000
}

extension Dictionary where Value == Int {
    /// The counts a platform can have: one below zero or beyond `PlatformCount.plausible` (an odd
    /// answer) is left out — not available, never a wrong number in a post's series or a channel's
    /// followers, and never a sum that overflows.
    public var plausible: Self { filter { PlatformCount.plausible.contains($0.value) } }
}
