import Foundation

/// A mean with its 95 % confidence interval and the number of values behind it. The interval
/// uses Student's t, so three posts get a wide interval rather than a confident-looking number.
public struct Estimate: Sendable, Equatable, Codable {
    public var mean: Double
    public var low: Double
    public var high: Double
    public var n: Int

    public init(mean: Double, low: Double, high: Double, n: Int) {
        self.mean = mean
        self.low = low
        self.high = high
        self.n = n
    }

    /// Whether there is an interval at all: one value says nothing about its spread.
    public var hasInterval: Bool { n > 1 }

    /// nil for no values; for one value `low` and `high` are the value itself and `hasInterval` is false.
    public static func of(_ values: [Double]) -> Estimate? {
        guard !values.isEmpty else { return nil }
        let n = values.count
        let mean = values.reduce(0, +) / Double(n)
        guard n > 1 else { return Estimate(mean: mean, low: mean, high: mean, n: 1) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        let half = tQuantile(degrees: n - 1) * (variance / Double(n)).squareRoot()
        return Estimate(mean: mean, low: max(0, mean - half), high: mean + half, n: n)
    }

    /// This estimate as a multiple of `base` (both ends of the interval scaled alike).
    public func relative(to base: Double) -> Estimate {
        guard base > 0 else { return self }
        return Estimate(mean: mean / base, low: low / base, high: high / base, n: n)
    }

    /// The two-sided 97.5 % quantile of Student's t.
    static func tQuantile(degrees: Int) -> Double {
        let table: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
                               2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
        if degrees >= 1 && degrees <= table.count { return table[degrees - 1] }
        return degrees <= 60 ? 2.000 : degrees <= 120 ? 1.980 : 1.960
    }
}
