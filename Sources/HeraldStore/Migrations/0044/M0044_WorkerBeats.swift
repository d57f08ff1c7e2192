import FluentKit
import SQLKit

/// Each running worker writes when it last went round its loop (`WorkerBeats`), so the pages can
/// tell people that posts are not going out because no worker runs — a `herald serve` started
/// with `HERALD_WORKER=false` and no `herald worker` beside it, or a worker that stopped or hangs.
/// Without it nothing said so: the hourly sweep that reports missed posts runs in the worker too.
/// `led_at` tells a scheduler that is stuck (the process holding its lock alive, its loop not) from
/// workers that run.
struct M0044_WorkerBeats: AtomicMigration {
    var name: String { "0044_worker_beats" }

    func apply(on database: any Database) async throws {
        try await database.schema("worker_beats")
            .field("worker", .string, .required)
            .field("started_at", .datetime, .required)
            .field("seen_at", .datetime, .required)
            // When this worker last ran the scheduler (it leads: on PostgreSQL one process at a time).
            .field("led_at", .datetime)
            .unique(on: "worker")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX worker_beats_seen ON worker_beats (seen_at)").run()
    }

    func undo(on database: any Database) async throws {
        try await database.schema("worker_beats").delete()
    }
}
