import FluentKit
import SQLKit

/// The query planner's statistics. PostgreSQL keeps its own (autovacuum analyses tables as they
/// change). SQLite keeps none until asked, and without them it guesses that any indexed equality
/// picks about ten rows — so `workspace_id = ? AND id IN (…200 ids…)` reads a workspace's whole
/// index rather than the 200 rows. Herald asks SQLite the way its authors recommend for
/// long-lived databases: `PRAGMA optimize` with every table checked (0x10002), which analyses
/// tables never analysed or much changed since, each within a small row budget, and is nearly
/// free otherwise. The worker's hourly round calls `refresh` (so also once at start-up).
public enum PlannerStatistics {
    /// Brings SQLite's statistics up to date where they are missing or stale; nothing on PostgreSQL.
    public static func refresh(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        // As a write transaction: an analysis writes its figures, and waits its turn like any writer.
        try await database.writeTransaction { tx in _ = try await (tx as? any SQLDatabase)?.raw("PRAGMA optimize=0x10002").all() }
    }

    /// After a bulk load (the benchmarks): what a running installation would have — SQLite's own
    /// refresh, and on PostgreSQL the `ANALYZE` autovacuum would have run by then (without it the
    /// planner scans whole tables for lookups by id).
    public static func afterBulkLoad(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if sql.dialect.name == "sqlite" { try await refresh(on: database) } else { try await sql.raw("ANALYZE").run() }
    }
}
