import FluentKit

/// Saved hashtag sets per workspace.
struct M0010_CreateHashtagGroups: AtomicMigration {
    var name: String { "0010_create_hashtag_groups" }

    func apply(on database: any Database) async throws {
        try await database.schema(HashtagGroup.schema)
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("tags", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func undo(on database: any Database) async throws {
        try await database.schema(HashtagGroup.schema).delete()
    }
}
