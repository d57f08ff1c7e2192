import Foundation

/// How long to wait before attempt `n` of a retryable job: exponential backoff with "full
/// jitter" (a uniform delay between zero and the exponential bound), capped, so that many jobs
/// failing together do not retry together. A platform's own `Retry-After` wins when longer.
public struct RetryPolicy: Sendable, Equatable {
    public var baseDelay: Duration
    public var maximumDelay: Duration
    public var maximumAttempts: Int

    public init(baseDelay: Duration = .seconds(5), maximumDelay: Duration = .seconds(900), maximumAttempts: Int = 8) {
        precondition(maximumAttempts >= 1 && baseDelay > .zero && maximumDelay >= baseDelay)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
    }

    /// The delay before the next try after `failedAttempts` failures, or nil when the job has
    /// used all its attempts. `unit` is a uniform random number in [0, 1) (injected for tests).
    public func delay(afterFailedAttempts failedAttempts: Int, retryAfter: Duration? = nil,
                      unit: Double = Double.random(in: 0..<1)) -> Duration? {
        guard failedAttempts >= 1, failedAttempts < maximumAttempts else { return nil }
        let exponent = min(failedAttempts - 1, 30)
        let bound = min(baseDelay * (1 << exponent), maximumDelay)
        let jittered = bound * max(0, min(unit, 1))
        guard let retryAfter else { return jittered }
        return max(jittered, min(retryAfter, maximumDelay))
    }
}
