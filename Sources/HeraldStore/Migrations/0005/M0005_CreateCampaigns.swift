import FluentKit

/// Campaigns, and the campaign a post belongs to (kept consistent by `CampaignService`, which
/// clears it when a campaign is deleted; SQLite cannot add a foreign key to an existing table).
struct M0005_CreateCampaigns: AtomicMigration {
    var name: String { "0005_create_campaigns" }

    func apply(on database: any Database) async throws {
        try await database.schema(Campaign.schema)
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("theme", .string, .required)
            .field("colour", .string, .required)
            .field("starts_on", .string)
            .field("ends_on", .string)
            .field("goal", .string, .required)
            .field("default_hashtags", .string, .required)
            .field("utm_source", .string)
            .field("utm_medium", .string)
            .field("utm_campaign", .string)
            .field("created_at", .datetime)
            .create()
        try await database.addColumns(Post.schema, [("campaign_id", .uuid)])
    }

    func undo(on database: any Database) async throws {
        try await database.dropColumns(Post.schema, ["campaign_id"])
        try await database.schema(Campaign.schema).delete()
    }
}
