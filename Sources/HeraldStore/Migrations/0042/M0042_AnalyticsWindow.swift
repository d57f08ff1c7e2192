import FluentKit
import Foundation
import SQLKit

/// Best time and content findings read the last 180 days of a workspace's posts. Grouping the
/// roll-up's rows of those days took a scan of every post per figure (100,000 index entries each at
/// the benchmark's size); the sums they need are now kept per channel as posts enter and leave
/// the 180 days and as their numbers change (see `AnalyticsWindow`), so a read is a few thousand
/// rows whatever the number of posts. A roll-up row remembers the interactions it was counted with
/// (NULL: not counted), which makes every change an exact difference. A publication remembers when
/// its roll-up row was made, so finding those without one reads a small partial index.
/// (Also here: two partial indexes of urgent and high inbox items, for the service-level view.)
struct M0042_AnalyticsWindow: AtomicMigration {
    var name: String { "0042_analytics_window" }

    func apply(on database: any Database) async throws {
        try await database.addColumns(PublicationStats.schema, [("counted_interactions", .int)])
        func sums(_ builder: SchemaBuilder) -> SchemaBuilder {
            builder.field("n", .int64, .required).field("total", .int64, .required).field("squares", .int64, .required)
        }
        func scoped(_ table: String) -> SchemaBuilder {
            database.schema(table)
                .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
                .field("channel_id", .uuid, .required)
        }
        try await sums(scoped(AnalyticsWindow.hoursSchema).field("hour_of_week", .int, .required))
            .unique(on: "workspace_id", "channel_id", "hour_of_week").create()
        try await sums(scoped(AnalyticsWindow.groupsSchema).field("dimension", .string, .required).field("value", .string, .required))
            .unique(on: "workspace_id", "channel_id", "dimension", "value").create()
        try await sums(scoped(AnalyticsWindow.campaignsSchema).field("campaign_id", .uuid, .required))
            .unique(on: "workspace_id", "channel_id", "campaign_id").create()
        try await scoped(AnalyticsWindow.histogramSchema).field("interactions", .int, .required).field("posts", .int64, .required)
            .unique(on: "workspace_id", "channel_id", "interactions").create()
        guard let sql = database as? any SQLDatabase else { return }
        // Key rows are read through their publication's row now (by publication id); the period index
        // and the copy of the interactions that served the old grouping go.
        try await sql.raw("DROP INDEX publication_stat_keys_period").run()
        try await database.dropColumns(PublicationStats.keysSchema, ["interactions"])
        // Whether a publication has its roll-up row (when it was made): reads asked "is any missing"
        // by counting both tables over the period, 100,000 index entries each at the benchmark's size.
        try await database.addColumns("publications", [("stats_at", .datetime)])
        try await sql.raw("""
            UPDATE publications SET stats_at = \(bind: Date()) WHERE id IN (SELECT publication_id FROM publication_stats)
            """).run()
        try await sql.raw("""
            CREATE INDEX publications_unrolled ON publications (workspace_id, published_at) WHERE published_at IS NOT NULL AND stats_at IS NULL
            """).run()
        // The inbox items of the short-target priorities by status, oldest first: the service-level
        // view weighs the open ones even when more than its 500 oldest open items wait (they run out
        // first). Partial, so only those few items pay for it at ingest.
        for priority in InboxQueries.indexedPriorities {
            try await sql.raw("""
                CREATE INDEX \(ident: "inbox_items_" + priority.rawValue) ON inbox_items (workspace_id, status, at)
                WHERE \(unsafeRaw: InboxQueries.priorityTerm(priority))
                """).run()
        }
        // Rows that are counted (to find those that left the 180 days) and rows that are not (to
        // find those that entered them): each a range of one small partial index.
        try await sql.raw("""
            CREATE INDEX publication_stats_counted ON publication_stats (workspace_id, published_at) WHERE counted_interactions IS NOT NULL
            """).run()
        try await sql.raw("""
            CREATE INDEX publication_stats_uncounted ON publication_stats (workspace_id, published_at) WHERE counted_interactions IS NULL
            """).run()
    }

    func undo(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DROP INDEX publication_stats_counted").run()
            try await sql.raw("DROP INDEX publication_stats_uncounted").run()
            try await sql.raw("DROP INDEX publications_unrolled").run()
            try await sql.raw("DROP INDEX inbox_items_urgent").run()
            try await sql.raw("DROP INDEX inbox_items_high").run()
            try await database.dropColumns("publications", ["stats_at"])
            try await database.addColumns(PublicationStats.keysSchema, [("interactions", .int)])
            try await sql.raw("""
                UPDATE publication_stat_keys SET interactions = (SELECT s.interactions FROM publication_stats s
                    WHERE s.publication_id = publication_stat_keys.publication_id)
                """).run()
            try await sql.raw("""
                CREATE INDEX publication_stat_keys_period ON publication_stat_keys
                    (workspace_id, published_at, channel_id, dimension, value, interactions)
                """).run()
        }
        for table in [AnalyticsWindow.hoursSchema, AnalyticsWindow.groupsSchema, AnalyticsWindow.campaignsSchema, AnalyticsWindow.histogramSchema] {
            try await database.schema(table).delete()
        }
        try await database.dropColumns(PublicationStats.schema, ["counted_interactions"])
    }
}
