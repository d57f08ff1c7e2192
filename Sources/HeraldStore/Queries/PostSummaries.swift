import FluentKit
import Foundation
import SQLKit

/// The API's post list as plain rows: the fields a list shows, newest first. Building 50 ORM
/// models per request by reflection was about 40 % of that request's CPU (measured with `perf`
/// under `herald bench web`), more than the query, the JSON and the HTTP together.
public enum PostSummaries {
    public struct Row: Sendable, Equatable {
        public var id: UUID
        public var text: String
        public var status: String
        public var campaignID: UUID?
        public var authorID: UUID?
        public var scheduledAt: Date?
        public var createdAt: Date?
        public var updatedAt: Date?

        public init(id: UUID, text: String, status: String, campaignID: UUID?, authorID: UUID?, scheduledAt: Date?,
                    createdAt: Date?, updatedAt: Date?) {
            self.id = id
            self.text = text
            self.status = status
            self.campaignID = campaignID
            self.authorID = authorID
            self.scheduledAt = scheduledAt
            self.createdAt = createdAt
            self.updatedAt = updatedAt
        }
    }

    /// Up to `limit` posts that `filter` admits from `offset`, newest first (ties by id), as the
    /// `(workspace_id, created_at)` index gives them. Unfiltered, prepared once per PostgreSQL
    /// connection: every page of every workspace's list runs that one text.
    public static func page(_ filter: PostFilter, limit: Int, offset: Int, on database: any Database) async throws -> [Row] {
        var query = SQLQueryString("""
            SELECT id, text, status, campaign_id, author_id, scheduled_at, created_at, updated_at FROM posts p
            WHERE workspace_id = \(bind: filter.workspaceID)
            """)
        query.appendInterpolation(filter.conditions(of: "p"))
        query.appendInterpolation(" ORDER BY created_at DESC, id LIMIT \(bind: max(0, limit)) OFFSET \(bind: max(0, offset))" as SQLQueryString)
        let rows = filter.narrowsNothing ? try await PlainRows.all(query, preparedAs: Page.self, on: database)
                                         : try await PlainRows.all(query, on: database)
        return try rows.map { row in
            Row(id: try row.decode("id"), text: try row.decode("text"), status: try row.decode("status"),
                campaignID: try row.decode("campaign_id", as: UUID?.self), authorID: try row.decode("author_id", as: UUID?.self),
                scheduledAt: try row.decode("scheduled_at", as: Date?.self), createdAt: try row.decode("created_at", as: Date?.self),
                updatedAt: try row.decode("updated_at", as: Date?.self))
        }
    }

    private enum Page: PreparedOnPostgres.Name { static let name = "post_summaries" }
}
