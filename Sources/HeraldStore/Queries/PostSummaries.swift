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
    }

    /// Up to `limit` posts of the workspace from `offset`, newest first (ties by id), as the
    /// `(workspace_id, created_at)` index gives them.
    public static func page(workspaceID: UUID, limit: Int, offset: Int, on database: any Database) async throws -> [Row] {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let rows = try await sql.raw("""
            SELECT id, text, status, campaign_id, author_id, scheduled_at, created_at, updated_at FROM posts
            WHERE workspace_id = \(bind: workspaceID) ORDER BY created_at DESC, id
            LIMIT \(unsafeRaw: String(max(0, limit))) OFFSET \(unsafeRaw: String(max(0, offset)))
            """).all()
        return try rows.map { row in
            Row(id: try row.decode(column: "id", as: UUID.self), text: try row.decode(column: "text", as: String.self),
                status: try row.decode(column: "status", as: String.self),
                campaignID: try row.decode(column: "campaign_id", as: UUID?.self),
                authorID: try row.decode(column: "author_id", as: UUID?.self),
                scheduledAt: try row.decode(column: "scheduled_at", as: Date?.self),
                createdAt: try row.decode(column: "created_at", as: Date?.self),
                updatedAt: try row.decode(column: "updated_at", as: Date?.self))
        }
    }
}
