import Foundation
import HeraldCore
import SQLKit

/// Full-text search of a workspace's inbox, newest first: SQLite FTS5 with the words' stems as
/// prefixes; PostgreSQL the stored `tsvector` (russian, english and simple) against the query
/// parsed by both configurations. Answers at most `limit` item ids, the latest first (SQLite: the
/// latest stored, which FTS5 gives in index order without sorting every match).
///
/// PostgreSQL looks in the last week first, then the last month, half-year and all time, until it
/// has `limit` matches: the newest matches of a narrower window are the newest of all, so the
/// answer is the same, but a common word no longer has its tens of thousands of matches fetched
/// and sorted by time to keep the newest few hundred; and each window's matches come from the text
/// index, so a word nobody wrote costs nothing.
public enum InboxSearch {
    /// The windows PostgreSQL widens through, in days back from now (nil: all time).
    static let windows: [Double?] = [7, 30, 180, nil]

    public static func ids(workspaceID: UUID, query: String, limit: Int, now: Date = Date(), on sql: any SQLDatabase) async throws -> [UUID] {
        let rows: [any SQLRow]
        if sql.isPostgreSQL {
            let words = SearchTerms.words(query).joined(separator: " ")
            guard !words.isEmpty else { return [] }
            var found: [any SQLRow] = []
            for days in windows {
                let since: SQLQueryString = days.map { " AND at >= \(bind: now.addingTimeInterval(-$0 * 86_400))" } ?? ""
                // The matches are found first (through the text index) and only then ordered: asked for
                // the newest few directly, the planner walks the time index backwards testing every
                // row, which for a word nobody wrote reads the whole inbox (1.8 s at a million items).
                found = try await sql.raw("""
                    WITH matches AS MATERIALIZED (
                        SELECT id, at FROM inbox_items
                        WHERE workspace_id = \(bind: workspaceID)\(since)
                          AND search @@ (plainto_tsquery('russian', \(bind: words)) || plainto_tsquery('english', \(bind: words))
                                         || plainto_tsquery('simple', \(bind: words))))
                    SELECT id FROM matches ORDER BY at DESC LIMIT \(bind: limit)
                    """).all()
                if found.count >= limit { break }
            }
            rows = found
        } else {
            guard let match = SearchTerms.fts5(query) else { return [] }
            rows = try await sql.raw("""
                SELECT i.id FROM inbox_search s JOIN inbox_items i ON i.rowid = s.rowid
                WHERE inbox_search MATCH \(bind: match) AND i.workspace_id = \(bind: workspaceID)
                ORDER BY s.rowid DESC LIMIT \(bind: limit)
                """).all()
        }
        return try rows.map { try $0.decode(column: "id", as: UUID.self) }
    }
}
