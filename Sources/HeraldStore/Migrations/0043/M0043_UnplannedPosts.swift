import FluentKit
import SQLKit

/// Posts not planned yet (drafts, in review, approved) and posts without a date are few beside a
/// workspace's scheduled and published ones, but the pages that list them (the bell on every page,
/// the composer's drafts, the approval queue, the calendar's list) were read through indexes that
/// start with the status or the workspace. Once SQLite has statistics (`ANALYZE`, see
/// `PlannerStatistics`) it knows a status stands for half the table, cannot tell a rare one from a
/// common one, and scanned 100,000 posts for each of them. Two partial indexes hold only the rare
/// rows; the queries name their terms literally (`PostQueries.unplannedTerm`, `scheduled_at IS NULL`), as
/// a partial index is used only for the very term it was made with.
struct M0043_UnplannedPosts: AtomicMigration {
    var name: String { "0043_unplanned_posts" }

    func apply(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            CREATE INDEX posts_unplanned ON posts (workspace_id, created_at) WHERE \(unsafeRaw: PostQueries.unplannedTerm())
            """).run()
        try await sql.raw("CREATE INDEX posts_unscheduled ON posts (workspace_id, created_at) WHERE scheduled_at IS NULL").run()
    }

    func undo(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX posts_unplanned").run()
        try await sql.raw("DROP INDEX posts_unscheduled").run()
    }
}
