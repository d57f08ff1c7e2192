import FluentKit
import SQLKit

/// What each channel's platform said about the account (followers, …), reading by reading, so
/// follower growth can be drawn; each post's latest reading of each metric in one row (what
/// dashboards read, instead of searching every sample), filled from the samples so far; and an
/// index to read a workspace's publications by time.
struct M0033_CreateAccountSamples: AtomicMigration {
    var name: String { "0033_create_account_samples" }

    func apply(on database: any Database) async throws {
        try await database.schema("account_samples")
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("channel_id", .uuid, .required, .references(SocialChannel.schema, .id, onDelete: .cascade))
            .field("metric", .string, .required)
            .field("value", .int, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.schema("post_metrics_latest")
            .field("publication_id", .uuid, .required, .references(PublicationRecord.schema, .id, onDelete: .cascade))
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("metric", .string, .required)
            .field("value", .int, .required)
            .field("at", .datetime, .required)
            .unique(on: "publication_id", "metric")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            INSERT INTO post_metrics_latest (publication_id, workspace_id, metric, value, at)
            SELECT s.publication_id, s.workspace_id, s.metric, s.value, s.at FROM metric_samples s
            WHERE s.at = (SELECT MAX(t.at) FROM metric_samples t WHERE t.publication_id = s.publication_id AND t.metric = s.metric)
            ON CONFLICT (publication_id, metric) DO NOTHING
            """).run()
        try await sql.raw("CREATE INDEX post_metrics_latest_workspace ON post_metrics_latest (workspace_id)").run()
        try await sql.raw("CREATE INDEX account_samples_channel ON account_samples (channel_id, metric, at)").run()
        try await sql.raw("CREATE INDEX account_samples_workspace ON account_samples (workspace_id, at)").run()
        try await sql.raw("CREATE INDEX publications_workspace_published ON publications (workspace_id, published_at)").run()
    }

    func undo(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX publications_workspace_published").run()
        try await database.schema("account_samples").delete()
        try await database.schema("post_metrics_latest").delete()
    }
}
