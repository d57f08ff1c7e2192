import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore

/// E-mails are jobs: queued in the same transaction as what they report (none lost, none sent
/// for a change that was rolled back), sent by the worker through the installation's SMTP server,
/// retried with backoff when the server is away, given up on a refusal (5xx).
public enum Mailer {
    public static let kind = "mail"

    /// Queues `message` once per `key` (the same event found again adds nothing).
    public static func enqueue(_ message: MailMessage, key: String, now: Date, on database: any Database) async throws {
        let payload = String(decoding: try JSONEncoder().encode(message), as: UTF8.self)
        try await JobStore.enqueue(kind: kind, payload: payload, dedupeKey: "mail:\(key)", runAt: now, priority: 3, maxAttempts: 8,
                                   now: now, on: database)
    }

    /// Sends due e-mails; returns how many jobs it took.
    @discardableResult
    public static func deliver(queue: JobQueue, client: SMTPClient, limit: Int = 10, now: Date = Date(),
                               on database: any Database) async throws -> Int {
        let jobs = try await queue.take(limit: limit, kinds: [kind], now: now, on: database)
        for job in jobs {
            guard var message = try? JSONDecoder().decode(MailMessage.self, from: Data(job.payload.utf8)) else {
                try await queue.failed(job, error: "the queued e-mail cannot be read", retryable: false, now: now, on: database)
                continue
            }
            message.from = client.settings.from
            do {
                try await client.send(message, messageID: "\(job.id.uuidString.lowercased())@herald")
                try await queue.succeeded(job, now: now, on: database)
            } catch let failure as SMTPFailure {
                try await queue.failed(job, error: "e-mail to \(message.to): \(failure.description)", retryable: failure.retryable, now: now,
                                       on: database)
            }
        }
        return jobs.count
    }
}
