import Foundation

/// What content works for this audience: posts grouped by kind, image tag, hashtag, length,
/// weekday and campaign, each group's mean score (interactions against its channel's usual post,
/// as in `BestTime`) relative to all posts, with an interval and the number of posts behind it.
/// A finding is "clear" when it rests on five posts or more and its interval leaves out 1×.
public struct ContentFindings: Sendable, Equatable {
    public enum Dimension: String, CaseIterable, Codable, Sendable {
        case kind, imageTag = "image_tag", hashtag, length, weekday, campaign
    }

    public struct Group: Sendable, Equatable {
        public var dimension: Dimension
        /// The kind's or band's raw value, the tag, the hashtag, the weekday (1…7) or the campaign's name.
        public var value: String
        /// Relative to all posts (1 = as usual).
        public var estimate: Estimate

        public init(dimension: Dimension, value: String, estimate: Estimate) {
            self.dimension = dimension
            self.value = value
            self.estimate = estimate
        }

        public var isClear: Bool {
            estimate.n >= ContentFindings.minimumClear && (estimate.low > 1 || estimate.high < 1)
        }
    }

    public static let minimumClear = 5
    /// Hashtags used on fewer posts are not listed.
    public static let minimumHashtagPosts = 3

    public var posts: Int
    /// Per dimension, best first.
    public var groups: [Dimension: [Group]]

    public init(posts: [PostPerformance], zone: TimeZoneName, now: Date) {
        let settled = posts.filter { now.timeIntervalSince($0.publishedAt) >= BestTime.settleTime }
        var groups: [Key: [UUID: InteractionSums]] = [:]
        for post in settled {
            for dimension in Dimension.allCases {
                for value in Self.keys(of: post, dimension, zone: zone) {
                    groups[Key(dimension: dimension, value: value), default: [:]][post.channelID, default: InteractionSums()].add(post.interactions)
                }
            }
        }
        let bases = ChannelBases(posts: settled)
        self.init(groups: groups, bases: bases, posts: settled.filter { bases[$0.channelID] != nil }.count)
    }

    /// A dimension's value.
    public struct Key: Hashable, Sendable {
        public var dimension: Dimension
        public var value: String

        public init(dimension: Dimension, value: String) {
            self.dimension = dimension
            self.value = value
        }
    }

    /// From the posts' interactions added up per group and channel, each channel's usual post,
    /// and how many posts are behind it all (those on channels with a base).
    public init(groups: [Key: [UUID: InteractionSums]], bases: ChannelBases, posts: Int) {
        let scored = bases.scores(groups)
        // Every post is in exactly one kind: the kinds together are all the posts.
        let all = scored.filter { $0.key.dimension == .kind }.values.reduce(InteractionSums(), +)
        self.posts = posts
        let overall = all.n > 0 ? all.sum / Double(all.n) : 1
        var result: [Dimension: [Group]] = [:]
        for dimension in Dimension.allCases {
            result[dimension] = scored
                .filter { $0.key.dimension == dimension && (dimension != .hashtag || $0.value.n >= Self.minimumHashtagPosts) }
                .compactMap { key, sums in Estimate.of(sums).map { Group(dimension: dimension, value: key.value, estimate: $0.relative(to: overall)) } }
                .sorted { ($0.estimate.mean, $1.value) > ($1.estimate.mean, $0.value) }
        }
        self.groups = result
    }

    public static func keys(of post: PostPerformance, _ dimension: Dimension, zone: TimeZoneName) -> [String] {
        switch dimension {
        case .kind: [post.kind.rawValue]
        case .imageTag: Array(Set(post.imageTags)).sorted()
        case .hashtag: post.hashtags
        case .length: [post.length.rawValue]
        case .weekday: [String(Schedule.local(post.publishedAt, in: zone).weekday)]
        case .campaign: post.campaign.map { [$0] } ?? []
        }
    }

    /// The clear findings, strongest first (furthest from 1× either way).
    public func clear(limit: Int = 6) -> [Group] {
        Array(groups.values.joined().filter(\.isClear)
            .sorted { Self.strength($0) > Self.strength($1) }.prefix(limit))
    }

    static func strength(_ group: Group) -> Double {
        abs(log(max(group.estimate.mean, 0.01)))
    }

    /// What matters for a post being written: the clearest finding about its kind or the tags of
    /// its images, nil when none of them is clear.
    public func relevant(kind: ContentKind, imageTags: [String]) -> Group? {
        let candidates = [group(.kind, kind.rawValue)] + imageTags.map { group(.imageTag, $0.lowercased()) }
        return candidates.compactMap { $0 }.filter(\.isClear).max { Self.strength($0) < Self.strength($1) }
    }

    public func group(_ dimension: Dimension, _ value: String) -> Group? {
        groups[dimension]?.first { $0.value == value }
    }
}
