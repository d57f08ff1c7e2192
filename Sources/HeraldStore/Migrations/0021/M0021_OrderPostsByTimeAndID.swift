import FluentKit
import SQLKit

/// The list view and the calendar order a workspace's posts by time, then id (a stable order for
/// posts at the same minute). With the index on (workspace, time) alone, PostgreSQL sorted the
/// whole range to return a page of 50 (40 ms a page at 100,000 posts); with the id in the index
/// the page is read in order and the read stops after the page.
struct M0021_OrderPostsByTimeAndID: AtomicMigration {
    var name: String { "0021_order_posts_by_time_and_id" }

    func apply(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX posts_workspace_scheduled_id ON posts (workspace_id, scheduled_at, id)").run()
        try await sql.raw("DROP INDEX posts_workspace_scheduled").run()
    }

    func undo(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX posts_workspace_scheduled ON posts (workspace_id, scheduled_at)").run()
        try await sql.raw("DROP INDEX posts_workspace_scheduled_id").run()
    }
}
