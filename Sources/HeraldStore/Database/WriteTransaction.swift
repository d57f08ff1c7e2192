import FluentKit
import SQLKit

extension Database {
    /// A transaction that will write. SQLite begins transactions as readers; one that reads and
    /// then writes fails at once with "database is locked" if another connection (the worker,
    /// another process) committed in between — the busy handler is not consulted for that. So on
    /// SQLite the first statement is a write that changes nothing, which takes the write lock up
    /// front (waiting for another writer as usual). Elsewhere it is the ordinary transaction.
    ///
    /// Waiting: SQLiteNIO's own busy handler retries at once, forever — a waiting writer spins a
    /// core while another process holds the lock, slowing that very process on a small machine.
    /// `busy_timeout` (set on the connection, which keeps it) sleeps between tries instead, and
    /// gives up with "database is locked" after `sqliteBusyTimeoutMilliseconds`.
    public func writeTransaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await transaction { tx in
            if let sql = tx as? any SQLDatabase, sql.dialect.name == "sqlite" {
                try await sql.raw("PRAGMA busy_timeout = \(literal: sqliteBusyTimeoutMilliseconds)").run()
                try await sql.raw("UPDATE organizations SET name = name WHERE 1 = 0").run()
            }
            return try await closure(tx)
        }
    }
}

/// How long an SQLite write waits for another writer before it fails (30 s: far longer than any
/// write transaction Herald makes, short of a stuck process).
public let sqliteBusyTimeoutMilliseconds = 30_000
