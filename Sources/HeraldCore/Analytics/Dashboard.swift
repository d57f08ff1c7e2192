import Foundation

/// A period's figures for a workspace, a channel or a campaign: totals of the posts published in
/// the period (as their platforms last counted them) against the period before, follower growth,
/// engagement rate, interactions per day and the best and worst posts.
public struct Dashboard: Sendable, Equatable {
    public struct Totals: Sendable, Equatable {
        public var posts: Int
        /// Sums of the metrics some post in the period has; a metric no platform gave is absent.
        public var metrics: [PostMetric: Int]
        public var interactions: Int

        public init(posts: Int, metrics: [PostMetric: Int], interactions: Int) {
            self.posts = posts
            self.metrics = metrics
            self.interactions = interactions
        }

        public init(_ posts: [PostPerformance]) {
            self.posts = posts.count
            var metrics: [PostMetric: Int] = [:]
            for post in posts { for (metric, value) in post.metrics { metrics[metric, default: 0] += value } }
            self.metrics = metrics
            interactions = posts.reduce(0) { $0 + $1.interactions }
        }

        public var interactionsPerPost: Double? { posts > 0 ? Double(interactions) / Double(posts) : nil }
    }

    public struct Day: Sendable, Equatable {
        /// The day in the workspace's zone (`YYYY-MM-DD`).
        public var date: String
        public var posts: Int
        public var interactions: Int
    }

    /// One reading of a channel's follower count.
    public struct FollowerSample: Sendable, Equatable {
        public var at: Date
        public var channelID: UUID
        public var followers: Int

        public init(at: Date, channelID: UUID, followers: Int) {
            self.at = at
            self.channelID = channelID
            self.followers = followers
        }
    }

    /// A follower count read at a time (summed over the channels in view).
    public struct FollowerPoint: Sendable, Equatable {
        public var date: String
        public var followers: Int

        public init(date: String, followers: Int) {
            self.date = date
            self.followers = followers
        }
    }

    public var current: Totals
    public var previous: Totals
    public var days: [Day]
    /// The last count of each day that has one.
    public var followers: [FollowerPoint]
    public var top: [PostPerformance]
    public var bottom: [PostPerformance]

    /// Interactions per post ÷ followers at the end of the period, in per cent; nil without a follower count.
    public var engagementRate: Double? {
        guard let perPost = current.interactionsPerPost, let last = followers.last?.followers, last > 0 else { return nil }
        return perPost / Double(last) * 100
    }

    /// Followers gained in the period (last count − first count); nil with fewer than two counts.
    public var followerGrowth: Int? {
        guard followers.count >= 2, let first = followers.first, let last = followers.last else { return nil }
        return last.followers - first.followers
    }

    /// `posts` are the period's, `earlier` the period before's; `followerSamples` the period's readings
    /// and each channel's last one before it.
    public init(posts: [PostPerformance], earlier: [PostPerformance], followerSamples: [FollowerSample],
                from: Date, to: Date, zone: TimeZoneName, listed: Int = 5) {
        var byDay: [String: (posts: Int, interactions: Int)] = [:]
        for post in posts {
            let day = Schedule.local(post.publishedAt, in: zone).dateString
            byDay[day, default: (0, 0)].posts += 1
            byDay[day, default: (0, 0)].interactions += post.interactions
        }
        let ranked = posts.sorted { ($0.interactions, $1.publishedAt) > ($1.interactions, $0.publishedAt) }
        self.init(current: Totals(posts), previous: Totals(earlier), byDay: byDay, followerSamples: followerSamples,
                  top: Array(ranked.prefix(listed)),
                  bottom: ranked.count > listed ? Array(ranked.suffix(min(listed, ranked.count - listed)).reversed()) : [],
                  from: from, to: to, zone: zone)
    }

    /// From totals the database added up: the period's and the one before's, posts and
    /// interactions per local day (`YYYY-MM-DD`), the best posts (most interactions first) and the
    /// weakest (fewest first, none of them among the best).
    public init(current: Totals, previous: Totals, byDay: [String: (posts: Int, interactions: Int)], followerSamples: [FollowerSample],
                top: [PostPerformance], bottom: [PostPerformance], from: Date, to: Date, zone: TimeZoneName) {
        self.current = current
        self.previous = previous
        var days: [Day] = []
        var day = Schedule.local(from, in: zone)
        let last = Schedule.local(to.addingTimeInterval(-1), in: zone).dateString
        repeat {
            let key = day.dateString
            days.append(Day(date: key, posts: byDay[key]?.posts ?? 0, interactions: byDay[key]?.interactions ?? 0))
            day = day.adding(days: 1)
        } while day.dateString <= last
        self.days = days
        // Per day, each channel's last count, summed over the channels (a channel carries its last count forward).
        var latest: [UUID: Int] = [:]
        var points: [FollowerPoint] = []
        for sample in followerSamples.sorted(by: { $0.at < $1.at }) where sample.at < to {
            latest[sample.channelID] = sample.followers
            guard sample.at >= from else { continue }
            let key = Schedule.local(sample.at, in: zone).dateString
            let total = latest.values.reduce(0, +)
            if points.last?.date == key { points[points.count - 1].followers = total } else { points.append(.init(date: key, followers: total)) }
        }
        followers = points
        self.top = top
        self.bottom = bottom
    }
}
