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
        try await MessageJobs.enqueue(message, kind: kind, key: key, now: now, on: database)
    }

    /// Sends due e-mails; returns how many jobs it took.
    @discardableResult
    public static func deliver(queue: JobQueue, client: SMTPClient, limit: Int = 10, now: Date = Date(),
                               on database: any Database) async throws -> Int {
        try await MessageJobs.deliver(kind, as: MailMessage.self, queue: queue, limit: limit, now: now, on: database) { message, job in
            var message = message
            message.from = client.settings.from
            do {
                try await client.send(message, messageID: "\(job.id.text.lowercased())@herald")
                return nil
            } catch let failure as SMTPFailure {
                return .init(message: "e-mail to \(message.to): \(failure.description)", retryable: failure.retryable)
            } catch {
                return .init(message: "e-mail to \(message.to): the mail server connection failed", retryable: true)  // send throws SMTPFailure only
            }
        }
    }
}
