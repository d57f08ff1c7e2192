import FluentKit
import SQLKit

extension Database {
    /// A transaction that will write. SQLite begins transactions as readers; one that reads and
    /// then writes fails at once with "database is locked" if another connection (the worker,
    /// another process) committed in between — the busy handler is not consulted for that. So on
    /// SQLite the first statement is a write that changes nothing, which takes the write lock up
    /// front (waiting for another writer as usual). Elsewhere it is the ordinary transaction.
    public func writeTransaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await transaction { tx in
            if let sql = tx as? any SQLDatabase, sql.dialect.name == "sqlite" {
                try await sql.raw("UPDATE organizations SET name = name WHERE 1 = 0").run()
            }
            return try await closure(tx)
        }
    }
}
