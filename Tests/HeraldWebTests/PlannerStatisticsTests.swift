import FluentKit
import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import SQLKit
import Testing

/// SQLite plans by its statistics: none until asked (then it guesses), and once it has them it
/// cannot tell a rare status from a common one. Both must leave the pages on indexes.
@Suite("Planner statistics")
struct PlannerStatisticsTests {
    @Test("SQLite gets statistics from the hourly round; with those of a busy workspace the bell and the drafts still read indexes, never every post")
    func rarePostsThroughIndexes() async throws {
        try await withHerald { app in
            let sql = try #require(app.db as? any SQLDatabase)
            // PostgreSQL keeps its own statistics (autovacuum) and knows rare values; nothing to refresh there.
            guard sql.dialect.name == "sqlite" else { return }
            let agency = try await Agency.make(app)
            let owner = try #require(try await User.query(on: app.db).filter(\.$email == Fixtures.ownerEmail).first()?.id)
            let start = Date().addingTimeInterval(86_400)
            for chunk in stride(from: 0, to: 2_000, by: 400) {
                let posts = (chunk..<chunk + 400).map { index in
                    let post = Post(id: UUID(), workspaceID: agency.workspaceA, authorID: owner, text: "Planned \(index)")
                    post.statusName = PostStatus.scheduled.rawValue
                    post.scheduledAt = start.addingTimeInterval(Double(index) * 600)
                    return post
                }
                try await posts.create(on: app.db)
            }
            #expect(try await sql.raw("SELECT name FROM sqlite_schema WHERE name = 'sqlite_stat1'").all().isEmpty, "no statistics before")
            _ = try await app.runtime.makeMaintenance().run(on: app.db)
            #expect(try await !sql.raw("SELECT idx FROM sqlite_stat1 WHERE tbl = 'posts'").all().isEmpty, "posts analysed by the round")

            // The figures of a workspace whose 100,000 posts are all scheduled (as after a bulk plan),
            // read on one connection (each connection loads them for itself).
            let plans = try await app.db.transaction { tx in
                let sql = try #require(tx as? any SQLDatabase)
                try await sql.raw("DELETE FROM sqlite_stat1 WHERE tbl = 'posts'").run()
                try await sql.raw("""
                    INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
                      ('posts', 'posts_status_workspace', '100000 100000 100000 100000'),
                      ('posts', 'posts_workspace_scheduled_id', '100000 100000 1 1'),
                      ('posts', 'posts_workspace_created', '100000 100000 1'),
                      ('posts', 'posts_due', '100000 100000 100000 1'),
                      ('posts', 'sqlite_autoindex_posts_1', '100000 1')
                    """).run()
                try await sql.raw("ANALYZE sqlite_schema").run()
                func plan(_ statement: SQLQueryString) async throws -> [String] {
                    var explain = SQLQueryString("EXPLAIN QUERY PLAN ")
                    explain.appendInterpolation(statement)
                    return try await sql.raw(explain).all().map { try $0.decode(column: "detail", as: String.self) }
                }
                let bell = try await plan(Waiting.countsStatement(workspaceID: agency.workspaceA, userID: owner, now: Date()))
                    + plan(Waiting.listedWithCountsStatement(userID: owner, workspaceID: agency.workspaceA, now: Date()))
                let drafts = try await plan("""
                    SELECT id FROM posts WHERE workspace_id = \(bind: agency.workspaceA) AND \(unsafeRaw: PostQueries.unplannedTerm("posts"))
                    ORDER BY created_at DESC LIMIT 50
                    """)
                return (bell, drafts)
            }
            let scans = (plans.0 + plans.1).filter { $0 == "SCAN p" || $0.hasPrefix("SCAN p ") || $0.hasPrefix("SCAN posts") }
            #expect(scans.isEmpty, "\(plans)")
            #expect(plans.1.contains { $0.contains("posts_unplanned") }, "\(plans.1)")
        }
    }
}
