import Foundation

/// One published post's numbers over time, reading by reading, as its platform gave them.
///
/// A reading holds only the metrics the platform gave at that time. A metric the platform gave
/// before but no longer gives (retired, or the app lost the permission) keeps its history and is
/// named with the first reading that lacked it: "not given since …". Never a zero in its place.
public struct MetricSeries: Sendable, Equatable {
    public struct Sample: Sendable, Equatable {
        public var metric: PostMetric
        public var value: Int
        public var at: Date

        public init(metric: PostMetric, value: Int, at: Date) {
            self.metric = metric
            self.value = value
            self.at = at
        }
    }

    public struct Reading: Sendable, Equatable {
        public var at: Date
        /// Only what the platform gave at this reading.
        public var values: [PostMetric: Int]

        /// Likes, reposts, replies, quotes and saves added up (as on the dashboards); nil when the
        /// reading gave none of them.
        public var interactions: Int? {
            let given = PostMetric.interactive.compactMap { values[$0] }
            return given.isEmpty ? nil : given.reduce(0, +)
        }
    }

    /// Oldest first.
    public var readings: [Reading]
    /// Every metric that appears in any reading, in the catalogue's order.
    public var metrics: [PostMetric]
    /// Metrics given before and missing from every later reading, with the first reading without them.
    public var retired: [PostMetric: Date]

    public init(samples: [Sample]) {
        let byTime = Dictionary(grouping: samples, by: \.at)
        readings = byTime.keys.sorted().map { at in
            Reading(at: at, values: Dictionary(byTime[at]!.map { ($0.metric, $0.value) }, uniquingKeysWith: { _, last in last }))
        }
        let present = Set(samples.map(\.metric))
        metrics = PostMetric.allCases.filter(present.contains)
        var retired: [PostMetric: Date] = [:]
        for metric in metrics {
            guard let last = readings.lastIndex(where: { $0.values[metric] != nil }), last < readings.count - 1 else { continue }
            retired[metric] = readings[last + 1].at
        }
        self.retired = retired
    }

    /// Nothing to draw over time: fewer than two readings.
    public var isFlat: Bool { readings.count < 2 }

    /// What a chart of this post over time shows: interactions when at least two readings have
    /// them, else views (a platform that gives only views), else nothing.
    public enum Charted: String, Sendable, Equatable {
        case interactions, views
    }

    /// The line to draw (at least two points, by the time of each reading), and what it is.
    public var line: (charted: Charted, points: [(at: Date, value: Int)])? {
        let interactive = readings.compactMap { reading in reading.interactions.map { (at: reading.at, value: $0) } }
        if interactive.count >= 2 { return (.interactions, interactive) }
        let views = readings.compactMap { reading in reading.values[.views].map { (at: reading.at, value: $0) } }
        return views.count >= 2 ? (.views, views) : nil
    }
}
