import Foundation

/// The interactions of a group of posts on one channel as three numbers — how many posts, the sum
/// and the sum of squares — which is all a mean and its interval need once the channel's usual
/// post is known. The database adds these up (`GROUP BY`), so best time and content findings read
/// a few thousand groups instead of every post.
public struct InteractionSums: Sendable, Equatable {
    public var n: Int
    public var sum: Double
    public var squares: Double

    public init(n: Int = 0, sum: Double = 0, squares: Double = 0) {
        self.n = n
        self.sum = sum
        self.squares = squares
    }

    public mutating func add(_ interactions: Int) {
        let value = Double(interactions)
        n += 1
        sum += value
        squares += value * value
    }

    public mutating func add(_ other: InteractionSums) {
        n += other.n
        sum += other.sum
        squares += other.squares
    }

    public static func + (a: Self, b: Self) -> Self {
        Self(n: a.n + b.n, sum: a.sum + b.sum, squares: a.squares + b.squares)
    }

    /// These posts' scores (interactions ÷ `base`, the channel's usual post) as sums.
    func scores(base: Double) -> InteractionSums {
        InteractionSums(n: n, sum: sum / base, squares: squares / (base * base))
    }
}

/// Per channel, its usual post: the median of its posts' interactions (the mean when the median is
/// 0). A channel whose posts got no interactions at all says nothing and has no base.
public struct ChannelBases: Sendable, Equatable {
    public var bases: [UUID: Double]

    public init(_ bases: [UUID: Double]) { self.bases = bases }

    /// From each channel's distribution: how many posts had each number of interactions.
    public init(histogram: [(channel: UUID, interactions: Int, posts: Int)]) {
        var bases: [UUID: Double] = [:]
        for (channel, rows) in Dictionary(grouping: histogram, by: \.channel) {
            let sorted = rows.sorted { $0.interactions < $1.interactions }
            let n = sorted.reduce(0) { $0 + $1.posts }
            guard n > 0 else { continue }
            // The values at the 0-based ranks (n − 1) / 2 and n / 2: the median either way.
            func value(atRank rank: Int) -> Double {
                var seen = 0
                for row in sorted {
                    seen += row.posts
                    if rank < seen { return Double(row.interactions) }
                }
                return Double(sorted.last?.interactions ?? 0)
            }
            let median = (value(atRank: (n - 1) / 2) + value(atRank: n / 2)) / 2
            let mean = Double(sorted.reduce(0) { $0 + $1.interactions * $1.posts }) / Double(n)
            let base = median > 0 ? median : mean
            if base > 0 { bases[channel] = base }
        }
        self.bases = bases
    }

    /// From the posts themselves.
    public init(posts: [PostPerformance]) {
        var counts: [UUID: [Int: Int]] = [:]
        for post in posts { counts[post.channelID, default: [:]][post.interactions, default: 0] += 1 }
        self.init(histogram: counts.flatMap { channel, values in values.map { (channel, $0.key, $0.value) } })
    }

    public subscript(channel: UUID) -> Double? { bases[channel] }

    /// Scores of keyed groups of posts, per channel, added up across channels (channels without a
    /// base left out): the sums behind one estimate per key.
    func scores<Key: Hashable>(_ groups: [Key: [UUID: InteractionSums]]) -> [Key: InteractionSums] {
        groups.compactMapValues { byChannel in
            let total = byChannel.reduce(InteractionSums()) { total, entry in
                bases[entry.key].map { total + entry.value.scores(base: $0) } ?? total
            }
            return total.n > 0 ? total : nil
        }
    }
}

extension Estimate {
    /// The estimate of the values behind these sums (the same as `of(_:)` on the values themselves).
    public static func of(_ sums: InteractionSums) -> Estimate? {
        guard sums.n > 0 else { return nil }
        let n = Double(sums.n), mean = sums.sum / n
        guard sums.n > 1 else { return Estimate(mean: mean, low: mean, high: mean, n: 1) }
        let variance = max(0, (sums.squares - n * mean * mean) / (n - 1))
        let half = tQuantile(degrees: sums.n - 1) * (variance / n).squareRoot()
        return Estimate(mean: mean, low: max(0, mean - half), high: mean + half, n: sums.n)
    }
}
