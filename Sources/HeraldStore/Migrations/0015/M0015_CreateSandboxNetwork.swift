import FluentKit
import SQLKit

/// The built-in Sandbox network's own data: the posts it accepted (by account) and what its
/// simulated audience did with them. It is "the platform's side": Herald's tables about its
/// own posts stay separate, as they are for every other network.
struct M0015_CreateSandboxNetwork: AtomicMigration {
    var name: String { "0015_create_sandbox_network" }

    func apply(on database: any Database) async throws {
        try await database.schema("sandbox_posts")
            .id()
            .field("remote_id", .string, .required)
            .field("account", .string, .required)
            .field("idempotency_key", .string, .required)
            .field("text", .string, .required)
            .field("content_type", .string, .required)
            .field("image_type", .string)
            .field("created_at", .datetime, .required)
            .field("simulated_until", .datetime, .required)
            .unique(on: "idempotency_key")
            .unique(on: "remote_id")
            .create()
        try await database.schema("sandbox_events")
            .id()
            .field("post_id", .uuid, .required, .references("sandbox_posts", .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("author", .string, .required)
            .field("text", .string)
            .field("occurred_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX sandbox_posts_simulation ON sandbox_posts (simulated_until, created_at)").run()
        try await sql.raw("CREATE INDEX sandbox_events_post ON sandbox_events (post_id, kind)").run()
    }

    func undo(on database: any Database) async throws {
        try await database.schema("sandbox_events").delete()
        try await database.schema("sandbox_posts").delete()
    }
}
