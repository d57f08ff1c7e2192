import FluentKit
import Foundation
import HeraldStore

/// The durable queue as workers use it: take due jobs under a lease, then report success,
/// a retryable failure (backed off with jitter by `RetryPolicy`), or a final one.
public struct JobQueue: Sendable {
    public let owner: String
    public let leaseSeconds: Double
    public let retry: RetryPolicy

    /// `owner` names this worker in leases (host, process id, a random part), so a job can only
    /// be finished by the worker that holds it.
    public init(owner: String, leaseSeconds: Double = 60, retry: RetryPolicy = RetryPolicy()) {
        self.owner = owner
        self.leaseSeconds = leaseSeconds
        self.retry = retry
    }

    public static func workerName() -> String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().text.prefix(8))"
    }

    public func take(limit: Int, kinds: [String]? = nil, now: Date = Date(), dueBy: Date? = nil,
                     on database: any Database) async throws -> [LeasedJob] {
        try await JobStore.take(owner: owner, limit: limit, leaseSeconds: leaseSeconds, kinds: kinds, now: now, dueBy: dueBy,
                                on: database)
    }

    @discardableResult
    public func succeeded(_ job: LeasedJob, now: Date = Date(), on database: any Database) async throws -> Bool {
        try await JobStore.complete(job.id, owner: owner, now: now, on: database)
    }

    /// A failure. Retryable ones run again after the policy's delay (or the platform's
    /// Retry-After, when longer) until the job's attempts are used up; then it fails for good.
    @discardableResult
    public func failed(_ job: LeasedJob, error: String, retryable: Bool, retryAfter: Duration? = nil, now: Date = Date(),
                       unit: Double = Double.random(in: 0..<1), on database: any Database) async throws -> Bool {
        var retryAt: Date?
        if retryable, job.attempts < job.maxAttempts,
           let delay = RetryPolicy(baseDelay: retry.baseDelay, maximumDelay: retry.maximumDelay, maximumAttempts: job.maxAttempts)
            .delay(afterFailedAttempts: job.attempts, retryAfter: retryAfter, unit: unit) {
            retryAt = now.addingTimeInterval(delay.inSeconds)
        }
        return try await JobStore.fail(job.id, owner: owner, error: error, retryAt: retryAt, now: now, on: database)
    }

    @discardableResult
    public func release(_ job: LeasedJob, now: Date = Date(), on database: any Database) async throws -> Bool {
        try await JobStore.release(job.id, owner: owner, now: now, on: database)
    }
}
