import FluentKit
import SQLKit

/// The inbox: what the audience said to each channel (stored once per channel and platform id),
/// the answers sent from Herald, and each channel's sync cursor with its last error.
struct M0024_CreateInbox: AtomicMigration {
    var name: String { "0024_create_inbox" }

    func apply(on database: any Database) async throws {
        try await database.schema(InboxItem.schema)
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("channel_id", .uuid, .required, .references(SocialChannel.schema, .id, onDelete: .cascade))
            .field("remote_id", .string, .required)
            .field("kind", .string, .required)
            .field("author_id", .string, .required)
            .field("author_name", .string, .required)
            .field("text", .string, .required)
            .field("at", .datetime, .required)
            .field("post_remote_id", .string)
            .field("parent_remote_id", .string)
            .field("conversation_id", .string)
            .field("post_id", .uuid)
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "channel_id", "remote_id")
            .create()
        try await database.schema(InboxReply.schema)
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("item_id", .uuid, .required, .references(InboxItem.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("text", .string, .required)
            .field("state", .string, .required)
            .field("remote_id", .string)
            .field("reason", .string)
            .field("idempotency_key", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(InboxCursor.schema)
            .field("channel_id", .uuid, .identifier(auto: false), .references(SocialChannel.schema, .id, onDelete: .cascade))
            .field("cursor", .string)
            .field("synced_at", .datetime)
            .field("error", .string)
            .field("error_at", .datetime)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX inbox_items_workspace_status_at ON inbox_items (workspace_id, status, at)").run()
    }

    func undo(on database: any Database) async throws {
        try await database.schema(InboxCursor.schema).delete()
        try await database.schema(InboxReply.schema).delete()
        try await database.schema(InboxItem.schema).delete()
    }
}
