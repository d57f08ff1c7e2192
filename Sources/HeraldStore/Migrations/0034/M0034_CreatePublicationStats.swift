import FluentKit
import SQLKit

/// The analytics roll-up: one row per published publication with what best time, content findings
/// and dashboards group by — its local day and hour of the week (in the workspace's zone: a new zone empties the workspace's rows), kind,
/// length band, campaign — and its latest numbers; one row per image tag and hashtag it carried.
/// Rows are added when analytics first needs them and their numbers follow every reading, so the
/// tables start empty: nothing to fill here (see `AnalyticsRollup`).
struct M0034_CreatePublicationStats: AtomicMigration {
    var name: String { "0034_create_publication_stats" }

    func apply(on database: any Database) async throws {
        var stats = database.schema(PublicationStats.schema)
            .field("publication_id", .uuid, .identifier(auto: false), .references(PublicationRecord.schema, .id, onDelete: .cascade))
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("channel_id", .uuid, .required)
            .field("campaign_id", .uuid)
            .field("published_at", .datetime, .required)
            .field("local_day", .string, .required)
            .field("hour_of_week", .int, .required)
            .field("kind", .string, .required)
            .field("length_band", .string, .required)
            .field("interactions", .int, .required)
        // The metrics as they were when this migration was written (a migration never changes).
        for metric in ["likes", "reposts", "replies", "quotes", "views", "reach", "clicks", "saves"] {
            stats = stats.field(.string(metric), .int)
        }
        try await stats.create()
        try await database.schema(PublicationStats.keysSchema)
            .field("publication_id", .uuid, .required, .references(PublicationRecord.schema, .id, onDelete: .cascade))
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("dimension", .string, .required)
            .field("value", .string, .required)
            .unique(on: "publication_id", "dimension", "value")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        // Every query ranges over a workspace's period; the grouping columns ride along so SQLite
        // answers from the index alone.
        try await sql.raw("""
            CREATE INDEX publication_stats_period ON publication_stats
                (workspace_id, published_at, channel_id, hour_of_week, kind, length_band, interactions)
            """).run()
        try await sql.raw("CREATE INDEX publication_stat_keys_workspace ON publication_stat_keys (workspace_id, dimension)").run()
    }

    func undo(on database: any Database) async throws {
        try await database.schema(PublicationStats.keysSchema).delete()
        try await database.schema(PublicationStats.schema).delete()
    }
}
