import FluentKit
import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import SQLKit
import Testing

@Suite("Reads on one connection")
struct OneConnectionTests {
    @Test("a page's reads on one connection see what the pool sees; inside a transaction they see its writes")
    func sameRows() async throws {
        let (database, pools) = try await JobQueueTests.database()
        let pool = try pools()
        let db = JobQueueTests.db(pool)
        var failure: (any Error)?
        do { try await Self.check(db) } catch { failure = error }
        await pool.shutdownAsync()
        await database.destroy()
        if let failure { throw failure }
    }

    static func check(_ db: any Database) async throws {
        let names = ["Север", "Юг", "West"]
        for name in names { try await Organization(name: name).create(on: db) }
        let pooled = try await Organization.query(on: db).sort(\.$name).all().map(\.name)
        let pinned = try await db.onOneConnection { one in
            try await Organization.query(on: one).sort(\.$name).all().map(\.name)
        }
        #expect(pinned == pooled && pooled.count == 3)
        let seen = try await db.transaction { tx in
            try await Organization(name: "Inside").create(on: tx)
            return try await tx.onOneConnection { one in try await Organization.query(on: one).count() }
        }
        #expect(seen == 4, "the transaction's own connection, so its uncommitted row is seen")

        guard TestDatabase.engine == "sqlite", let sql = db as? any SQLDatabase else { return }
        let mapped = try await db.onOneConnection { one in
            try await (one as! any SQLDatabase).raw("PRAGMA mmap_size").first()?.decode(column: "mmap_size", as: Int.self)
        }
        #expect(mapped == SQLiteMemoryMap.bytes)
        // Ids are kept as the upper-case text SQLiteKit always wrote, so existing databases read as before.
        let organization = try #require(try await Organization.query(on: db).filter(\.$name == "West").first())
        let id = try organization.requireID()
        let stored = try await sql.raw("SELECT id FROM organizations WHERE name = 'West'").first()?.decode(column: "id", as: String.self)
        #expect(stored == id.uuidString)
        try await sql.raw("UPDATE organizations SET id = lower(id) WHERE name = 'West'").run()
        let lower = try await sql.raw("SELECT id FROM organizations WHERE name = 'West'").first()?.decode(column: "id", as: UUID.self)
        #expect(lower == id, "lower-case text reads as the same id")
    }
}
