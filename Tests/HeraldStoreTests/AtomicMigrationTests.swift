import FluentKit
@testable import HeraldStore
import HeraldTestSupport
import Logging
import SQLKit
import Testing

@Suite("Atomic migrations")
struct AtomicMigrationTests {
    /// Creates a table, then fails: the table must not survive.
    struct FailsHalfway: AtomicMigration {
        var name: String { "test_fails_halfway" }

        func apply(on database: any Database) async throws {
            try await database.schema("half_made").id().field("x", .string).create()
            throw FailsHalfwayError()
        }

        func undo(on database: any Database) async throws {}
    }

    struct FailsHalfwayError: Error {}

    @Test("a migration that fails halfway leaves no part of its schema behind")
    func rollback() async throws {
        let database = try await TestDatabase.make()
        let pool = try SeparatePool.databases(database.target)
        let db = pool.database(logger: Logger(label: "t"), on: SeparatePool.loop)!
        await #expect(throws: FailsHalfwayError.self) { try await FailsHalfway().prepare(on: db) }
        let sql = try #require(db as? any SQLDatabase)
        let query: SQLQueryString = switch database.target {
        case .sqlite: "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'half_made'"
        case .postgres: "SELECT tablename AS name FROM pg_tables WHERE tablename = 'half_made'"
        }
        #expect(try await sql.raw(query).all().isEmpty)
        await pool.shutdownAsync()
        await database.destroy()
    }
}

@Suite("A database that has shut down")
struct ClosedDatabaseTests {
    @Test("work that outlives its pools gets an error, not a trap")
    func closedPoolsFail() async throws {
        let database = try await TestDatabase.make()
        let pool = try SeparatePool.databases(database.target)
        await pool.shutdownAsync()
        let db = ClosedDatabase.lookup(pool, logger: Logger(label: "t"), on: SeparatePool.loop)
        await #expect(throws: ClosedDatabase.Closed.self) { try await Workspace.query(on: db).count() }
        await #expect(throws: ClosedDatabase.Closed.self) {
            try await db.transaction { tx in try await Workspace.query(on: tx).first() }
        }
        await database.destroy()
    }
}
