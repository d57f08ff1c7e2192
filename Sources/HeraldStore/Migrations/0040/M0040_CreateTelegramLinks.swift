import FluentKit

/// Notices by Telegram: each person's private chat with the installation's bot (linked by sending
/// the bot a one-time code, kept hashed until used), a Telegram switch beside each e-mail switch
/// (NULL: on), and where reading the bot's messages got to.
struct M0040_CreateTelegramLinks: AtomicMigration {
    var name: String { "0040_create_telegram_links" }

    func apply(on database: any Database) async throws {
        try await database.schema("telegram_links")
            .field("user_id", .uuid, .identifier(auto: false), .references(User.schema, .id, onDelete: .cascade))
            .field("chat_id", .int64)
            .field("code_hash", .string)
            .field("code_expires_at", .datetime)
            .field("linked_at", .datetime)
            .create()
        try await database.addColumns("notification_preferences", [("telegram", .bool)])
        try await database.schema("bot_cursors")
            .field("name", .string, .identifier(auto: false))
            .field("next_offset", .int64, .required)
            .create()
    }

    func undo(on database: any Database) async throws {
        try await database.schema("bot_cursors").delete()
        try await database.dropColumns("notification_preferences", ["telegram"])
        try await database.schema("telegram_links").delete()
    }
}
