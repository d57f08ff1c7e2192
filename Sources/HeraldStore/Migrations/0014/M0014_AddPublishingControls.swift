import FluentKit
import SQLKit

/// What the engine needs to treat each account on its own: why a channel needs attention, until
/// when a 429 paused it, its rate budget override, when its credential expires; a post's status
/// once published; the workspace's signed webhook; and notices (sweep findings, expiry warnings).
struct M0014_AddPublishingControls: AtomicMigration {
    var name: String { "0014_add_publishing_controls" }

    func apply(on database: any Database) async throws {
        try await database.addColumns(SocialChannel.schema, [
            ("state_reason", .string), ("rate_paused_until", .datetime), ("budget_count", .int), ("budget_seconds", .int),
            ("credential_expires_at", .datetime),
        ])
        try await database.addColumns(Workspace.schema, [("webhook_url", .string), ("webhook_secret", .data)])
        // Set once the scheduler has made every publication of a scheduled post, so its scan
        // skips posts already handed to the queue.
        try await database.addColumns(Post.schema, [("dispatched_at", .datetime)])
        try await database.schema("notices")
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("post_id", .uuid, .references(Post.schema, .id, onDelete: .cascade))
            .field("channel_id", .uuid, .references(SocialChannel.schema, .id, onDelete: .cascade))
            .field("detail", .string)
            .field("dedupe_key", .string, .required)
            .field("created_at", .datetime, .required)
            .field("resolved_at", .datetime)
            .unique(on: "dedupe_key")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX notices_open ON notices (workspace_id, resolved_at)").run()
        try await sql.raw("CREATE INDEX posts_due ON posts (status, dispatched_at, scheduled_at)").run()
        try await sql.raw("CREATE INDEX publications_post ON publications (post_id)").run()
        try await sql.raw("CREATE INDEX publications_channel_published ON publications (channel_id, state, updated_at)").run()
    }

    func undo(on database: any Database) async throws {
        try await database.schema("notices").delete()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX posts_due").run()
        try await database.dropColumns(Post.schema, ["dispatched_at"])
        try await database.dropColumns(Workspace.schema, ["webhook_secret", "webhook_url"])
        try await database.dropColumns(SocialChannel.schema, ["credential_expires_at", "budget_seconds", "budget_count",
                                                              "rate_paused_until", "state_reason"])
    }
}
