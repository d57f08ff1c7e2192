import FluentKit
import SQLKit

/// The calendar reads a workspace's posts by time and the lists by creation, newest first:
/// without these indexes both scanned every post of the installation (100,000 posts: the month
/// view read them all for each request).
struct M0020_AddPostListIndexes: AtomicMigration {
    var name: String { "0020_add_post_list_indexes" }

    func apply(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX posts_workspace_scheduled ON posts (workspace_id, scheduled_at)").run()
        try await sql.raw("CREATE INDEX posts_workspace_created ON posts (workspace_id, created_at)").run()
    }

    func undo(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX posts_workspace_created").run()
        try await sql.raw("DROP INDEX posts_workspace_scheduled").run()
    }
}
