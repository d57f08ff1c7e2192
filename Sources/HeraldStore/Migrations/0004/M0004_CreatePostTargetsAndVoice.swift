import FluentKit

/// Per-channel variants of a post, ad labelling on posts, and each workspace's brand voice.
struct M0004_CreatePostTargetsAndVoice: AtomicMigration {
    var name: String { "0004_create_post_targets_and_voice" }

    func apply(on database: any Database) async throws {
        try await database.schema(PostTarget.schema)
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("post_id", .uuid, .required, .references(Post.schema, .id, onDelete: .cascade))
            .field("channel_id", .uuid, .required, .references(SocialChannel.schema, .id, onDelete: .cascade))
            .field("text", .string)
            .field("first_comment", .string)
            .field("link", .string)
            .field("created_at", .datetime)
            .unique(on: "post_id", "channel_id")
            .create()
        try await database.addColumns(Post.schema, [("is_ad", .bool), ("ad_advertiser", .string), ("ad_token", .string)])
        try await database.addColumns(Workspace.schema, [("brand_voice", .string), ("ad_label_template", .string)])
    }

    func undo(on database: any Database) async throws {
        try await database.dropColumns(Workspace.schema, ["ad_label_template", "brand_voice"])
        try await database.dropColumns(Post.schema, ["ad_token", "ad_advertiser", "is_ad"])
        try await database.schema(PostTarget.schema).delete()
    }
}
