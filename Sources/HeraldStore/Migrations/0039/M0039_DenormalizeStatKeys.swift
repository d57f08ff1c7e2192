import FluentKit
import SQLKit

/// Content findings by image tag and hashtag joined every key row to its publication's row to learn
/// its channel, time and interactions: at 100,000 posts that join was most of the findings' time.
/// Each key row now carries them (kept with every reading, as the publication's row is), so the
/// query reads one table through one index.
struct M0039_DenormalizeStatKeys: AtomicMigration {
    var name: String { "0039_denormalize_stat_keys" }

    func apply(on database: any Database) async throws {
        try await database.addColumns(PublicationStats.keysSchema, [("channel_id", .uuid), ("campaign_id", .uuid), ("published_at", .datetime),
                                                                    ("interactions", .int)])
        guard let sql = database as? any SQLDatabase else { return }
        var assignments: [SQLQueryString] = []
        for column in ["channel_id", "campaign_id", "published_at", "interactions"] {
            assignments.append("""
                \(ident: column) = (SELECT s.\(ident: column) FROM publication_stats s WHERE s.publication_id = publication_stat_keys.publication_id)
                """)
        }
        try await sql.raw("UPDATE publication_stat_keys SET \(assignments.joined(separator: ", "))").run()
        // A key without its publication's row cannot be placed; it comes back when the row is filled again.
        try await sql.raw("DELETE FROM publication_stat_keys WHERE published_at IS NULL").run()
        try await sql.raw("DROP INDEX publication_stat_keys_workspace").run()
        try await sql.raw("""
            CREATE INDEX publication_stat_keys_period ON publication_stat_keys
                (workspace_id, published_at, channel_id, dimension, value, interactions)
            """).run()
    }

    func undo(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX publication_stat_keys_period").run()
        try await sql.raw("CREATE INDEX publication_stat_keys_workspace ON publication_stat_keys (workspace_id, dimension)").run()
        try await database.dropColumns(PublicationStats.keysSchema, ["channel_id", "campaign_id", "published_at", "interactions"])
    }
}
