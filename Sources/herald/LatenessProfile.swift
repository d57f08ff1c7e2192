import Foundation

/// Where a burst's lateness comes from. Every post of `herald bench publish` is due at one
/// instant, so a post's lateness is when its turn came: the delay before the first status, then
/// the position in the queue divided by the sending rate. The profile separates the two and shows
/// whether the last 1 % went out slower than the rest (a straggling batch, a stalled writer) or
/// simply last.
struct LatenessProfile {
    /// Seconds after due when the first status was stored.
    var first: Double
    /// Posts per second from the 1st to the 99th percentile, and over the last 1 %.
    var bodyRate: Double
    var tailRate: Double
    /// Statuses stored in each quarter second after due.
    var perQuarterSecond: [Int]

    /// `lateness` in seconds, sorted ascending.
    init(sortedLateness lateness: [Double]) {
        func at(_ p: Double) -> Double {
            lateness.isEmpty ? 0 : lateness[min(lateness.count - 1, max(0, Int((Double(lateness.count) * p).rounded(.up)) - 1))]
        }
        first = lateness.first ?? 0
        let count = Double(lateness.count)
        bodyRate = count * 0.98 / max(at(0.99) - at(0.01), 0.001)
        tailRate = count * 0.01 / max((lateness.last ?? 0) - at(0.99), 0.001)
        var buckets: [Int] = []
        for value in lateness {
            let index = max(0, Int(value * 4))
            if index >= buckets.count { buckets.append(contentsOf: repeatElement(0, count: index - buckets.count + 1)) }
            buckets[index] += 1
        }
        perQuarterSecond = buckets
    }

    var lines: [String] {
        func f(_ value: Double) -> String { String(format: "%.2f", value) }
        let timeline = perQuarterSecond.enumerated().map { "\(f(Double($0.offset) / 4))s \($0.element)" }
        return ["  tail:     first status \(f(first)) s after due; p1–p99 sent at \(Int(bodyRate)) posts/s, the last 1 % at \(Int(tailRate)) posts/s",
                "  stored per 0.25 s after due: " + timeline.joined(separator: " · ")]
    }
}
