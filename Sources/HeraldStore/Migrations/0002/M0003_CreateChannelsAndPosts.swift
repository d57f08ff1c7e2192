import FluentKit

/// Channels (with sealed credentials) and draft posts, both scoped to a workspace.
struct M0003_CreateChannelsAndPosts: AsyncMigration {
    var name: String { "0003_create_channels_and_posts" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SocialChannel.schema)
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("platform", .string, .required)
            .field("name", .string, .required)
            .field("state", .string, .required)
            .field("sealed_credentials", .data, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(Post.schema)
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("author_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("text", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Post.schema).delete()
        try await database.schema(SocialChannel.schema).delete()
    }
}
