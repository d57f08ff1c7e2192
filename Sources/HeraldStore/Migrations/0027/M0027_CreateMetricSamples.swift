import FluentKit
import SQLKit

/// What each published post's platform said about it, sample by sample: one row per metric and
/// reading, so trends and "since when" survive a platform retiring a metric.
struct M0027_CreateMetricSamples: AtomicMigration {
    var name: String { "0027_create_metric_samples" }

    func apply(on database: any Database) async throws {
        try await database.schema("metric_samples")
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("publication_id", .uuid, .required, .references(PublicationRecord.schema, .id, onDelete: .cascade))
            .field("metric", .string, .required)
            .field("value", .int, .required)
            .field("at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX metric_samples_publication ON metric_samples (publication_id, at)").run()
    }

    func undo(on database: any Database) async throws {
        try await database.schema("metric_samples").delete()
    }
}
