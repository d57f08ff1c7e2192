import FluentKit
import SQLKit

/// Herald's short links (`/l/{slug}`): those made for the links of published posts (by post,
/// channel and campaign) and the workspace's link-in-bio entries; clicks counted per link and
/// day, visitors as salted hashes of the day (the salt is thrown away after two days, so the
/// hashes cannot be tied to anyone afterwards); and the workspace's settings — the address its
/// links are shortened on (none: not shortened) and its link-in-bio page's slug.
struct M0035_CreateShortLinks: AtomicMigration {
    var name: String { "0035_create_short_links" }

    func apply(on database: any Database) async throws {
        try await database.addColumns(Workspace.schema, [("short_link_base", .string), ("bio_slug", .string)])
        try await database.schema("short_links")
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("slug", .string, .required)
            .field("target", .string, .required)
            .field("post_id", .uuid, .references(Post.schema, .id, onDelete: .cascade))
            .field("channel_id", .uuid, .references(SocialChannel.schema, .id, onDelete: .cascade))
            .field("campaign_id", .uuid, .references(Campaign.schema, .id, onDelete: .setNull))
            .field("bio_label", .string)
            .field("bio_position", .int)
            .field("created_at", .datetime, .required)
            .unique(on: "slug")
            .create()
        try await database.schema("link_clicks")
            .field("link_id", .uuid, .required, .references("short_links", .id, onDelete: .cascade))
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("day", .string, .required)
            .field("clicks", .int, .required)
            .field("visitors", .int, .required)
            .unique(on: "link_id", "day")
            .create()
        try await database.schema("link_visitors")
            .field("link_id", .uuid, .required, .references("short_links", .id, onDelete: .cascade))
            .field("day", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "link_id", "day", "hash")
            .create()
        try await database.schema("link_salts")
            .field("day", .string, .identifier(auto: false))
            .field("salt", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX short_links_workspace ON short_links (workspace_id, created_at)").run()
        try await sql.raw("CREATE UNIQUE INDEX workspaces_bio_slug ON workspaces (bio_slug)").run()
        try await sql.raw("CREATE INDEX link_clicks_workspace ON link_clicks (workspace_id, day)").run()
    }

    func undo(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX workspaces_bio_slug").run()
        for table in ["link_salts", "link_visitors", "link_clicks", "short_links"] { try await database.schema(table).delete() }
        try await database.dropColumns(Workspace.schema, ["short_link_base", "bio_slug"])
    }
}
