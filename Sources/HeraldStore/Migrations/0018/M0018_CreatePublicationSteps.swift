import FluentKit
import SQLKit

/// The later steps of a publication (its first comment today; thread parts and uploads later),
/// each with the publication's own state machine, so a crash between the post and its comment
/// neither loses nor doubles the comment. The Sandbox network keeps a post's link attachment and
/// an idempotency key on its events (the account's own comments).
struct M0018_CreatePublicationSteps: AtomicMigration {
    var name: String { "0018_create_publication_steps" }

    func apply(on database: any Database) async throws {
        try await database.schema(PublicationStep.schema)
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("publication_id", .uuid, .required, .references(PublicationRecord.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("state", .string, .required)
            .field("attempt", .int, .required)
            .field("lease_owner", .string)
            .field("idempotency_key", .string, .required)
            .field("remote_id", .string)
            .field("url", .string)
            .field("published_at", .datetime)
            .field("problem", .string)
            .field("reason", .string)
            .field("retryable", .bool)
            .field("sent_at", .datetime)
            .field("resolution", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "publication_id", "kind")
            .create()
        try await database.addColumns("sandbox_posts", [("link", .string)])
        try await database.addColumns("sandbox_events", [("idempotency_key", .string)])
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE UNIQUE INDEX sandbox_events_key ON sandbox_events (idempotency_key)").run()
    }

    func undo(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.raw("DROP INDEX sandbox_events_key").run() }
        try await database.dropColumns("sandbox_events", ["idempotency_key"])
        try await database.dropColumns("sandbox_posts", ["link"])
        try await database.schema(PublicationStep.schema).delete()
    }
}
