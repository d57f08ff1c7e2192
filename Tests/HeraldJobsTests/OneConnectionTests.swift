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
        try await Self.withDatabase(Self.check)
    }

    /// `body` on a fresh migrated database's pool, torn down however it ends.
    static func withDatabase(_ body: (any Database) async throws -> Void) async throws {
        let (database, pools) = try await JobQueueTests.database()
        let pool = try pools()
        var failure: (any Error)?
        do { try await body(JobQueueTests.db(pool)) } catch { failure = error }
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

        // Plain rows: the same values on both databases; NULL is nil where asked as optional and
        // an error naming the column where it was required, as is a column the statement lacks.
        let plain = try await PlainRows.all("SELECT id, name, NULL AS none FROM organizations WHERE name = \(bind: "West")", on: db)
        let west = try #require(plain.first)
        let (name, plainID, none) = (try west.decode("name", as: String.self), try west.decode("id", as: UUID.self),
                                try west.decode("none", as: String?.self))
        let westID = try await Organization.query(on: db).filter(\.$name == "West").first()?.id
        #expect(plain.count == 1 && name == "West" && plainID == westID && none == nil)
        #expect(throws: (any Error).self) { try west.decode("none", as: String.self) }
        #expect(throws: (any Error).self) { try west.decode("missing", as: String?.self) }
        // A value of another type is an error naming the column (PostgreSQL: its wire type is checked).
        #expect(throws: PlainRowError.self) { try west.decode("name", as: Int.self) }
        #expect(throws: PlainRowError.self) { try west.decode("name", as: UUID?.self) }

        // Prepared on PostgreSQL (once per connection, under its name), run as it is elsewhere: the same rows
        // as the statement run plainly. One name never stands for two texts.
        enum Named: PreparedOnPostgres.Name { static let name = "one_connection_test" }
        let statement: SQLQueryString = "SELECT name FROM organizations WHERE name <> \(bind: "West") ORDER BY name"
        let (prepared, preparedHere) = try await db.onOneConnection { one in
            let first = try await PreparedOnPostgres.rows(statement, as: Named.self, on: one)
            let again = try await PreparedOnPostgres.first(statement, as: Named.self, on: one).get()
            #expect(try again?.decode(column: "name", as: String.self) == first.first?.decode(column: "name", as: String.self))
            let names = TestDatabase.engine == "sqlite" ? [] : try await (one as! any SQLDatabase)
                .raw("SELECT name FROM pg_prepared_statements").all().map { try $0.decode(column: "name", as: String.self) }
            return (try first.map { try $0.decode(column: "name", as: String.self) }, names)
        }
        let unprepared = try await (db as! any SQLDatabase).raw(statement).all().map { try $0.decode(column: "name", as: String.self) }
        #expect(prepared == unprepared && unprepared.count == 3, "\(prepared) against \(unprepared)")
        if TestDatabase.engine != "sqlite" {
            #expect(preparedHere.contains("herald_one_connection_test"), "\(preparedHere)")
            await #expect(throws: (any Error).self) {
                _ = try await PreparedOnPostgres.rows("SELECT 1 AS other", as: Named.self, on: db)
            }
        }

        guard TestDatabase.engine == "sqlite", let sql = db as? any SQLDatabase else { return }
        #expect(throws: PlainRowError.self) { try west.decode("none", as: Int.self) }
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

    @Test("the calendar as it opens: counts, first posts, decoration and choices prepared once per PostgreSQL connection, a month and a week under the same names; a filtered calendar prepares nothing; the same rows on both databases")
    func calendarPrepared() async throws {
        try await Self.withDatabase(Self.checkCalendar)
    }

    static func checkCalendar(_ db: any Database) async throws {
        let organization = Organization(name: "Calendar")
        try await organization.create(on: db)
        let workspace = Workspace(organizationID: try organization.requireID(), name: "W", timeZone: .utc, language: .en)
        try await workspace.create(on: db)
        let w = try workspace.requireID()
        let june = try #require(ISO8601DateFormatter().date(from: "2031-06-01T00:00:00Z"))
        // Eight posts on 3 June (two more than a grid cell shows), one on 20 June.
        for (day, count) in [(2, 8), (19, 1)] {
            for index in 0..<count {
                let post = Post(workspaceID: w, authorID: nil, text: "Day \(day + 1) #\(index)")
                post.statusName = "scheduled"
                post.scheduledAt = june.addingTimeInterval(Double(day) * 86_400 + Double(index) * 60)
                try await post.create(on: db)
            }
        }
        @Sendable func bounds(days: Int) -> [Date] { (0...days).map { june.addingTimeInterval(Double($0) * 86_400) } }
        let (month, week, filtered, prepared) = try await db.onOneConnection { one in
            let month = try await CalendarDays.read(.init(workspaceID: w), bounds: bounds(days: 30), first: 6, on: one)
            _ = try await CalendarRows.decorate(month.posts, workspaceID: w, on: one)
            _ = try await CalendarRows.filterChoices(workspaceID: w, on: one)
            let week = try await CalendarDays.read(.init(workspaceID: w), bounds: bounds(days: 7), first: 6, on: one)
            let filtered = try await CalendarDays.read(.init(workspaceID: w, status: "scheduled"), bounds: bounds(days: 7), first: 6, on: one)
            let names = TestDatabase.engine == "sqlite" ? [] : try await (one as! any SQLDatabase)
                .raw("SELECT name FROM pg_prepared_statements WHERE name LIKE 'herald_calendar%' ORDER BY name").all()
                .map { try $0.decode(column: "name", as: String.self) }
            return (month, week, filtered, names)
        }
        #expect(month.counts.count == 30 && month.counts[2] == 8 && month.counts[19] == 1 && month.counts.reduce(0, +) == 9)
        #expect(month.posts.map(\.text) == (0..<6).map { "Day 3 #\($0)" } + ["Day 20 #0"], "six of the busy day, in time order, then the other")
        #expect(week.counts == [0, 0, 8, 0, 0, 0, 0] && week.posts.count == 6)
        #expect(filtered.counts == week.counts && filtered.posts.map(\.id) == week.posts.map(\.id))
        if TestDatabase.engine != "sqlite" {
            #expect(prepared == ["herald_calendar_choices", "herald_calendar_days", "herald_calendar_decorate", "herald_calendar_sample"],
                    "one statement each, whatever the number of days; the filtered read prepared none: \(prepared)")
        }
    }
}
