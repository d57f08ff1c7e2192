import FluentKit

/// One row per post and channel, carrying the publication state machine.
struct M0013_CreatePublications: AtomicMigration {
    var name: String { "0013_create_publications" }

    func apply(on database: any Database) async throws {
        try await database.schema(PublicationRecord.schema)
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("post_id", .uuid, .required, .references(Post.schema, .id, onDelete: .cascade))
            .field("target_id", .uuid, .required, .references(PostTarget.schema, .id, onDelete: .cascade))
            .field("channel_id", .uuid, .required, .references(SocialChannel.schema, .id, onDelete: .cascade))
            .field("state", .string, .required)
            .field("attempt", .int, .required)
            .field("lease_owner", .string)
            .field("idempotency_key", .string, .required)
            .field("remote_id", .string)
            .field("url", .string)
            .field("published_at", .datetime)
            .field("reason", .string)
            .field("retryable", .bool)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "target_id")
            .create()
    }

    func undo(on database: any Database) async throws {
        try await database.schema(PublicationRecord.schema).delete()
    }
}
