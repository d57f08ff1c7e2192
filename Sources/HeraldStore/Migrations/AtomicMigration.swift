import FluentKit

/// A migration that applies whole or not at all: its steps run in one transaction (SQLite and
/// PostgreSQL both roll back schema changes), so a failure halfway leaves no half-made schema
/// for the next attempt to trip over.
protocol AtomicMigration: AsyncMigration {
    func apply(on database: any Database) async throws
    func undo(on database: any Database) async throws
}

extension AtomicMigration {
    func prepare(on database: any Database) async throws {
        try await database.transaction { try await apply(on: $0) }
    }

    func revert(on database: any Database) async throws {
        try await database.transaction { try await undo(on: $0) }
    }
}

extension Database {
    /// Adds nullable columns one statement each (SQLite takes one per ALTER TABLE).
    func addColumns(_ table: String, _ columns: [(String, DatabaseSchema.DataType)]) async throws {
        for (name, type) in columns { try await schema(table).field(.string(name), type).update() }
    }

    func dropColumns(_ table: String, _ names: [String]) async throws {
        for name in names { try await schema(table).deleteField(.string(name)).update() }
    }
}
