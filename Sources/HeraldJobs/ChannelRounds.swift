import FluentKit
import Foundation
import HeraldStore
import SQLKit

/// Periodic work per channel (reading its inbox, its posts' numbers): one durable job per channel
/// and round, queued only when none of that kind is waiting or running for the channel — never
/// two at once — and run one after another by whichever worker takes them.
struct ChannelRounds: Sendable {
    let kind: String
    let queue: JobQueue

    /// Channels with a job of this kind waiting or running.
    func busy(on database: any Database) async throws -> Set<String> {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        return Set(try await sql.raw("""
            SELECT payload FROM jobs WHERE kind = \(bind: kind) AND state IN ('queued', 'running')
            """).all().compactMap { try? $0.decode(column: "payload", as: String.self) })
    }

    /// Queues this round's job for a channel (once per round: the round is part of its key).
    func enqueue(_ channelID: UUID, round: TimeInterval, priority: Int, now: Date, on database: any Database) async throws -> Bool {
        try await JobStore.enqueue(kind: kind, payload: channelID.text,
                                   dedupeKey: "\(kind):\(channelID.text):\(Int(now.timeIntervalSince1970 / max(1, round)))",
                                   runAt: now, priority: priority, maxAttempts: 1, now: now, on: database)
    }

    /// Takes due jobs and runs `body` for each channel; answers how many it took.
    func runOnce(limit: Int, now: Date, on database: any Database, _ body: (UUID) async throws -> Void) async throws -> Int {
        let jobs = try await queue.take(limit: limit, kinds: [kind], now: now, on: database)
        for job in jobs {
            if let id = UUID(text: job.payload) { try await body(id) }
            try await queue.succeeded(job, now: now, on: database)
        }
        return jobs.count
    }
}
