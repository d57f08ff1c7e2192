import FluentKit
import SQLKit

/// The durable job queue: what to do, when, how often it was tried, and who holds it now.
struct M0012_CreateJobs: AtomicMigration {
    var name: String { "0012_create_jobs" }

    func apply(on database: any Database) async throws {
        try await database.schema("jobs")
            .id()
            .field("kind", .string, .required)
            .field("payload", .string, .required)
            .field("dedupe_key", .string)
            .field("state", .string, .required)
            .field("priority", .int, .required)
            .field("run_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("max_attempts", .int, .required)
            .field("lease_owner", .string)
            .field("lease_expires_at", .datetime)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "dedupe_key")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX jobs_due ON jobs (state, run_at)").run()
    }

    func undo(on database: any Database) async throws {
        try await database.schema("jobs").delete()
    }
}
