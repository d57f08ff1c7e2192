import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore
import SQLKit

/// Notices through the installation's Telegram bot: people link their private chat by sending the
/// bot `/start CODE` (a code from their Account page, fifteen minutes, once); notices are jobs
/// like e-mails, queued in the transaction that made the change and sent by the worker.
public enum TelegramNotices {
    public static let kind = "telegram_notice"
    static let cursor = "telegram_notices"
    /// How long a linking code works.
    public static let codeLifetime: TimeInterval = 15 * 60

    struct Payload: Codable {
        var chatID: Int64
        var text: String
    }

    /// A new code for `user` (the one before stops working), to send to the bot as `/start CODE`.
    public static func newCode(user: UUID, now: Date = Date(), on database: any Database) async throws -> String {
        // No 0/O or 1/I: a person reads it off one screen and types it into another.
        let code = RandomToken.make(length: 8, from: "ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        try await database.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
            try await sql.raw("DELETE FROM telegram_links WHERE user_id = \(bind: user) AND chat_id IS NULL").run()
            try await sql.raw("""
                UPDATE telegram_links SET code_hash = \(bind: hash(code)), code_expires_at = \(bind: now.addingTimeInterval(codeLifetime))
                WHERE user_id = \(bind: user)
                """).run()
            try await sql.raw("""
                INSERT INTO telegram_links (user_id, code_hash, code_expires_at) SELECT \(bind: user), \(bind: hash(code)), \(bind: now.addingTimeInterval(codeLifetime))
                WHERE NOT EXISTS (SELECT 1 FROM telegram_links WHERE user_id = \(bind: user))
                """).run()
        }
        return code
    }

    /// The person's linked chat, if any.
    public static func chat(of user: UUID, on database: any Database) async throws -> Int64? {
        guard let sql = database as? any SQLDatabase else { return nil }
        return try await sql.raw("SELECT chat_id FROM telegram_links WHERE user_id = \(bind: user)").first()?
            .decode(column: "chat_id", as: Int64?.self)
    }

    public static func unlink(user: UUID, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DELETE FROM telegram_links WHERE user_id = \(bind: user)").run()
    }

    /// Queues a notice to a linked chat.
    public static func enqueue(chatID: Int64, text: String, key: String, now: Date, on database: any Database) async throws {
        try await MessageJobs.enqueue(Payload(chatID: chatID, text: text), kind: kind, key: key, now: now, on: database)
    }

    /// Sends due notices; returns how many jobs it took. A notice whose answer was lost is not
    /// sent again (it may have arrived).
    @discardableResult
    public static func deliver(queue: JobQueue, bot: TelegramNoticeBot, limit: Int = 10, now: Date = Date(),
                               on database: any Database) async throws -> Int {
        try await MessageJobs.deliver(kind, as: Payload.self, queue: queue, limit: limit, now: now, on: database) { payload, _ in
            let failure: PlatformError?
            do throws(PlatformError) { try await bot.send(payload.text, to: payload.chatID); failure = nil } catch { failure = error }
            if let error = failure {
                var retryAfter: Duration?
                if case .rateLimited(let after) = error { retryAfter = after }
                return .init(message: "Telegram notice: \(error.message ?? "rate limited")", retryable: error.isRetryable, retryAfter: retryAfter)
            }
            return nil
        }
    }

    /// Reads what people wrote to the bot since last time and links the chats whose `/start CODE`
    /// matches a working code (answering each in words). One reader at a time: the worker's leader.
    @discardableResult
    public static func readLinks(bot: TelegramNoticeBot, now: Date = Date(), on database: any Database) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let offset = try await sql.raw("SELECT next_offset FROM bot_cursors WHERE name = \(bind: cursor)").first()?
            .decode(column: "next_offset", as: Int.self)
        let (messages, next) = try await bot.messages(after: offset)
        var linked = 0
        for message in messages {
            let words = message.text.split(separator: " ")
            guard let code = words.last.map({ String($0).uppercased() }), code.count == 8 else {
                try? await bot.send(L.telegramLinkHow.text(in: .en) + "\n" + L.telegramLinkHow.text(in: .ru), to: message.chatID)
                continue
            }
            let matched = try await sql.raw("""
                UPDATE telegram_links SET chat_id = \(bind: message.chatID), code_hash = NULL, code_expires_at = NULL, linked_at = \(bind: now)
                WHERE code_hash = \(bind: hash(code)) AND code_expires_at > \(bind: now) RETURNING user_id
                """).all()
            if let row = matched.first, let user = try await User.find(try row.decode(column: "user_id", as: UUID.self), on: database) {
                let language = user.language.flatMap(Language.init(rawValue:)) ?? .en
                try? await bot.send(LocalizedText(.telegramLinked, user.email).rendered(in: language), to: message.chatID)
                linked += 1
            } else {
                try? await bot.send(L.telegramLinkUnknown.text(in: .en) + "\n" + L.telegramLinkUnknown.text(in: .ru), to: message.chatID)
            }
        }
        if let next {
            try await sql.raw("DELETE FROM bot_cursors WHERE name = \(bind: cursor)").run()
            try await sql.raw("INSERT INTO bot_cursors (name, next_offset) VALUES (\(bind: cursor), \(bind: next))").run()
        }
        return linked
    }

    static func hash(_ code: String) -> String { TokenDigest.sha256(code) }
}
