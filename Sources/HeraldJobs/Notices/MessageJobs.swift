import FluentKit
import Foundation
import HeraldStore

/// Jobs that each carry one message to a person (an e-mail, a Telegram notice): queued once per
/// key in the caller's transaction, taken by the worker, sent, and retried or given up as the
/// sender says. One loop for every kind of message.
enum MessageJobs {
    /// Why a message did not go, and whether trying later may help.
    struct Failure: Error {
        var message: String
        var retryable: Bool
        var retryAfter: Duration? = nil
    }

    static func enqueue(_ payload: some Encodable, kind: String, key: String, now: Date, on database: any Database) async throws {
        try await JobStore.enqueue(kind: kind, payload: String(decoding: try JSONEncoder().encode(payload), as: UTF8.self),
                                   dedupeKey: "\(kind):\(key)", runAt: now, priority: 3, maxAttempts: 8, now: now, on: database)
    }

    /// Takes due jobs of `kind` and hands each payload to `send`; a payload that cannot be read
    /// fails for good. Answers how many jobs it took.
    static func deliver<Payload: Decodable>(_ kind: String, as _: Payload.Type, queue: JobQueue, limit: Int, now: Date, on database: any Database,
                                            send: (Payload, LeasedJob) async -> Failure?) async throws -> Int {
        let jobs = try await queue.take(limit: limit, kinds: [kind], now: now, on: database)
        for job in jobs {
            guard let payload = try? JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8)) else {
                try await queue.failed(job, error: "the queued \(kind) cannot be read", retryable: false, now: now, on: database)
                continue
            }
            if let failure = await send(payload, job) {
                try await queue.failed(job, error: failure.message, retryable: failure.retryable, retryAfter: failure.retryAfter, now: now,
                                       on: database)
            } else {
                try await queue.succeeded(job, now: now, on: database)
            }
        }
        return jobs.count
    }
}
