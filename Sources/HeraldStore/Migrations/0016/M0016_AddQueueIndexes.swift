import FluentKit
import SQLKit

/// Indexes for taking jobs: queued jobs in the order they are taken (so a take reads the few rows
/// it needs instead of sorting the queue), and running jobs by lease expiry (so finding a crashed
/// worker's jobs reads only those). Both partial, so finished jobs cost nothing. They replace
/// `jobs_due` (state, run_at), which every change of a job's state had to update for nothing.
struct M0016_AddQueueIndexes: AtomicMigration {
    var name: String { "0016_add_queue_indexes" }

    func apply(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX jobs_queued ON jobs (priority DESC, run_at) WHERE state = 'queued'").run()
        try await sql.raw("CREATE INDEX jobs_leased ON jobs (lease_expires_at) WHERE state = 'running'").run()
        try await sql.raw("DROP INDEX jobs_due").run()
    }

    func undo(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX jobs_due ON jobs (state, run_at)").run()
        try await sql.raw("DROP INDEX jobs_leased").run()
        try await sql.raw("DROP INDEX jobs_queued").run()
    }
}
