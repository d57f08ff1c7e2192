import FluentKit
import Foundation
import SQLKit

/// What the calendar and the post list show of a post, read as plain rows: its time, status,
/// text, campaign, channel names and whether a publication went wrong. These pages show hundreds
/// of posts per request; reading them as models cost most of the request (an ORM model is built
/// by reflection, field by field, for every row and every related row). Every query here is
/// scoped to the workspace.
public enum CalendarRows {
    public struct Channel: Sendable, Equatable {
        public var id: UUID
        public var name: String

        public init(id: UUID, name: String) {
            self.id = id
            self.name = name
        }
    }

    public struct Row: Sendable {
        public var id: UUID
        public var text: String
        public var status: String
        public var scheduledAt: Date?
        public var createdAt: Date?
        public var campaignID: UUID?
        public var channels: [Channel]
        /// A publication of the post failed or its outcome is unknown.
        public var problem: Bool

        /// A post's row as `CalendarDays.columns` selects it, without channels or problem yet.
        init(post: PlainRow) throws {
            id = try post.decode("id", as: UUID.self)
            text = try post.decode("text", as: String.self)
            status = try post.decode("status", as: String.self)
            scheduledAt = try post.decode("scheduled_at", as: Date?.self)
            createdAt = try post.decode("created_at", as: Date?.self)
            campaignID = try post.decode("campaign_id", as: UUID?.self)
            channels = []
            problem = false
        }
    }

    /// One page of the scheduled posts in `start..<end` (filters applied), ordered by time then id,
    /// read whole (channels and problems not yet: `decorate`). Answers up to `limit + 1` posts
    /// (one more than the page, to tell whether another follows).
    public static func scheduledPage(_ filter: PostFilter, start: Date, end: Date, limit: Int, offset: Int,
                                     on database: any Database) async throws -> [Row] {
        var query = SQLQueryString("SELECT \(unsafeRaw: CalendarDays.columns) ")
        query.appendInterpolation(CalendarDays.from(filter, start, end))
        query.appendInterpolation(unsafeRaw: " ORDER BY p.scheduled_at, p.id LIMIT \(max(0, limit) + 1) OFFSET \(max(0, offset))")
        return try await PlainRows.all(query, on: database).map(Row.init(post:))
    }

    /// The newest `limit` posts without a date (drafts, in review, approved) that `filter` admits,
    /// read whole (channels and problems not yet: `decorate`).
    public static func unscheduled(_ filter: PostFilter, limit: Int, on database: any Database) async throws -> [Row] {
        var query = SQLQueryString("SELECT \(unsafeRaw: CalendarDays.columns) ")
        query.appendInterpolation(CalendarDays.from(filter, between: nil))
        query.appendInterpolation(unsafeRaw: " ORDER BY p.created_at DESC, p.id LIMIT \(max(0, limit))")
        return try await PlainRows.all(query, on: database).map(Row.init(post:))
    }

    // Every calendar and list view runs these two: prepared once per PostgreSQL connection.
    private enum Decorate: PreparedOnPostgres.Name { static let name = "calendar_decorate" }
    private enum Choices: PreparedOnPostgres.Name { static let name = "calendar_choices" }

    /// Fills in the channels and problems of posts of the workspace, keeping their order: one
    /// statement per 500 posts, their channels and then the posts with a failed or unknown
    /// publication (two statements cost a second preparing and a second trip to the database).
    public static func decorate(_ posts: [Row], workspaceID: UUID, on database: any Database) async throws -> [Row] {
        guard !posts.isEmpty else { return [] }
        var rows = Dictionary(posts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let ids = posts.map(\.id)
        let postgres = (database as? any SQLDatabase)?.isPostgreSQL == true
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min(ids.count, $0 + 500)]) }) {
            // PostgreSQL: the ids as one array value, so the text never changes and is prepared
            // once per connection; SQLite: a list of values.
            let list: SQLQueryString = postgres ? "= ANY(\(bind: chunk)::uuid[])" : "IN (\(SQLList(chunk.map { SQLBind($0) })))"
            let found = try await PlainRows.all("""
                SELECT t.post_id AS post_id, c.id AS channel_id, c.name AS name, 0 AS problem
                FROM post_targets t JOIN channels c ON c.id = t.channel_id
                WHERE t.workspace_id = \(bind: workspaceID) AND t.post_id \(list)
                UNION ALL
                SELECT post_id, NULL, NULL, 1 FROM publications
                WHERE workspace_id = \(bind: workspaceID) AND post_id \(list) AND state IN ('failed', 'unknown')
                ORDER BY 4, 3, 2
                """, preparedAs: Decorate.self, on: database)
            for row in found {
                let post = try row.decode("post_id", as: UUID.self)
                if try row.decode("problem", as: Int.self) == 1 {
                    rows[post]?.problem = true
                } else {
                    rows[post]?.channels.append(Channel(id: try row.decode("channel_id", as: UUID.self),
                                                        name: try row.decode("name", as: String.self)))
                }
            }
        }
        return ids.compactMap { rows[$0] }
    }

    /// What the calendar's filters offer, in one statement: the workspace's channels that are
    /// not archived by name (id and name only — a channel model carries its sealed credential and
    /// settings), and its members as (user id, name) by name.
    public static func filterChoices(workspaceID: UUID, on database: any Database) async throws
        -> (channels: [Channel], members: [(UUID, String)]) {
        let rows = try await PlainRows.all("""
            SELECT 'channel' AS kind, id, name FROM channels WHERE workspace_id = \(bind: workspaceID) AND archived_at IS NULL
            UNION ALL
            SELECT 'member', u.id, u.name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = \(bind: workspaceID)
            ORDER BY 1, 3, 2
            """, preparedAs: Choices.self, on: database)
        var channels: [Channel] = [], members: [(UUID, String)] = []
        for row in rows {
            let (id, name) = (try row.decode("id", as: UUID.self), try row.decode("name", as: String.self))
            if try row.decode("kind", as: String.self) == "channel" { channels.append(Channel(id: id, name: name)) } else { members.append((id, name)) }
        }
        return (channels, members.sorted { $0.1.localizedCaseInsensitiveCompare($1.1) == .orderedAscending })
    }

    /// When the posts on `channels` are planned within `from...to`, by channel (any status).
    public static func times(workspaceID: UUID, channels: [UUID], from: Date, to: Date,
                             on database: any Database) async throws -> [UUID: Set<Date>] {
        guard !channels.isEmpty else { return [:] }
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let rows = try await sql.raw("""
            SELECT t.channel_id, p.scheduled_at FROM posts p JOIN post_targets t ON t.post_id = p.id
            WHERE p.workspace_id = \(bind: workspaceID) AND p.scheduled_at >= \(bind: from) AND p.scheduled_at <= \(bind: to)
              AND t.channel_id IN (\(SQLList(channels.map { SQLBind($0) })))
            """).all()
        var times: [UUID: Set<Date>] = [:]
        for row in rows {
            times[try row.decode(column: "channel_id", as: UUID.self), default: []]
                .insert(try row.decode(column: "scheduled_at", as: Date.self))
        }
        return times
    }
}
