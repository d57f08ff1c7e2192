import FluentKit
import Foundation
import SQLKit

/// The sweep's queries: scheduled posts past their time that are not out on every channel, and
/// the notices about them to close once they are.
public enum MissedPosts {
    public struct Missed: Sendable {
        public var postID: UUID
        public var workspaceID: UUID
        public var due: Date
        /// The planned wall-clock time and zone, as the person chose them.
        public var local: String
    }

    /// Posts due before `before` with a channel that has no publication yet, or one not out.
    public static func find(dueBefore before: Date, limit: Int = 500, on database: any Database) async throws -> [Missed] {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        // The sweep runs every few minutes: its candidates are `late(before:)`.
        let rows = try await sql.raw("""
            SELECT p.id, p.workspace_id, p.scheduled_at, p.scheduled_local, p.scheduled_zone FROM posts p
            WHERE p.id IN (SELECT id FROM (\(late(before: before))) late)
              AND EXISTS (SELECT 1 FROM post_targets t LEFT JOIN publications x ON x.target_id = t.id
                          WHERE t.post_id = p.id AND (x.id IS NULL OR x.state IN ('scheduled', 'publishing', 'unknown')))
            ORDER BY p.scheduled_at LIMIT \(literal: limit)
            """).all()
        return try rows.map { row in
            let local = "\(try row.decode(column: "scheduled_local", as: String?.self) ?? "") \(try row.decode(column: "scheduled_zone", as: String?.self) ?? "")"
            return Missed(postID: try row.decode(column: "id", as: UUID.self), workspaceID: try row.decode(column: "workspace_id", as: UUID.self),
                          due: try row.decode(column: "scheduled_at", as: Date.self), local: local.trimmingCharacters(in: .whitespaces))
        }
    }

    /// Closes the missed-post notices of posts that have gone out since; returns how many.
    public static func resolveNotices(now: Date, on database: any Database) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        return try await sql.raw("""
            UPDATE notices SET resolved_at = \(bind: now)
            WHERE kind = 'missed_post' AND resolved_at IS NULL
              AND post_id IN (SELECT id FROM posts WHERE status = 'published')
            RETURNING id
            """).all().count
    }
}

extension MissedPosts {
    /// Scheduled posts due before `before` and not published yet (id, workspace_id,
    /// scheduled_at), read through `posts_due` (status, dispatched_at, scheduled_at) in two
    /// ranges — never handed to a worker and due, and handed but not out (the few in flight) — so
    /// neither published history nor future posts are read. `status` and `scheduled_at` alone
    /// would read every future scheduled post; a workspace filter leads the planner to the
    /// workspace's index and its whole history (`EXPLAIN QUERY PLAN`, SQLite).
    static func late(before: Date) -> SQLQueryString {
        """
        SELECT id, workspace_id, scheduled_at FROM posts
        WHERE status = 'scheduled' AND dispatched_at IS NULL AND scheduled_at < \(bind: before)
        UNION ALL
        SELECT id, workspace_id, scheduled_at FROM posts
        WHERE status = 'scheduled' AND dispatched_at IS NOT NULL AND scheduled_at < \(bind: before)
        """
    }

    /// The late posts (`late(before:)`) per workspace: how many, and when the first was due.
    public static func overdue(before: Date, on database: any Database) async throws -> [UUID: (count: Int, firstDue: Date)] {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let rows = try await sql.raw("""
            SELECT workspace_id, COUNT(*) AS overdue, MIN(scheduled_at) AS first_due FROM (\(late(before: before))) late
            GROUP BY workspace_id
            """).all()
        var found: [UUID: (count: Int, firstDue: Date)] = [:]
        for row in rows {
            found[try row.decode(column: "workspace_id", as: UUID.self)] =
                (try row.decode(column: "overdue", as: Int.self), try row.decode(column: "first_due", as: Date.self))
        }
        return found
    }
}
