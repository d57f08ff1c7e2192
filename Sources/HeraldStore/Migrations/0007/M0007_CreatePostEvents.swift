import FluentKit

/// The audit log of a post: every transition and comment, with who and when.
struct M0007_CreatePostEvents: AtomicMigration {
    var name: String { "0007_create_post_events" }

    func apply(on database: any Database) async throws {
        try await database.schema(PostEvent.schema)
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("post_id", .uuid, .required, .references(Post.schema, .id, onDelete: .cascade))
            .field("actor_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("from_status", .string, .required)
            .field("to_status", .string, .required)
            .field("comment", .string)
            .field("created_at", .datetime, .required)
            .create()
    }

    func undo(on database: any Database) async throws {
        try await database.schema(PostEvent.schema).delete()
    }
}
