import FluentKit
import Foundation
import SQLKit

/// A calendar grid's days counted and sampled in SQL: however many posts a range holds, Swift
/// reads one count per day and at most `first` ids per day, never the range row by row.
public enum CalendarDays {
    /// What the calendar's filters narrow the posts to (the workspace always).
    public struct Filter: Sendable {
        public var workspaceID: UUID
        public var channel: UUID?
        public var campaign: UUID?
        public var status: String?
        public var author: UUID?

        public init(workspaceID: UUID, channel: UUID? = nil, campaign: UUID? = nil, status: String? = nil, author: UUID? = nil) {
            self.workspaceID = workspaceID
            self.channel = channel
            self.campaign = campaign
            self.status = status
            self.author = author
        }
    }

    public struct Days: Sendable, Equatable {
        /// Posts in day `i` = `bounds[i]..<bounds[i + 1]`.
        public var counts: [Int]
        /// The first posts of each day by time (at most `first` a day), days in order.
        public var ids: [UUID]
    }

    /// `bounds` are the instants where the days begin, in order, and the end of the last one.
    public static func read(_ filter: Filter, bounds: [Date], first: Int, on database: any Database) async throws -> Days {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let days = bounds.count - 1
        guard days > 0 else { return Days(counts: [], ids: []) }
        // One count per day, each a range of the (workspace, time) index: a single CASE over the
        // range's rows put every row through up to 61 comparisons and a sort by day (10 ms for the
        // 11,000 posts of a busy month on SQLite, more than the rest of the page).
        var perDay = SQLQueryString("")
        for day in 0..<days {
            if day > 0 { perDay.appendInterpolation(unsafeRaw: " UNION ALL ") }
            perDay.appendInterpolation(unsafeRaw: "SELECT \(day) AS day, (SELECT COUNT(*) ")
            perDay.appendInterpolation(from(filter, bounds[day], bounds[day + 1]))
            perDay.appendInterpolation(unsafeRaw: ") AS n")
        }
        let rows = try await sql.raw(perDay).all()
        var counts = Array(repeating: 0, count: days)
        for row in rows {
            let day = try row.decode(column: "day", as: Int.self), n = try row.decode(column: "n", as: Int.self)
            if counts.indices.contains(day) { counts[day] = n }
        }
        let busy = counts.indices.filter { counts[$0] > 0 }
        guard !busy.isEmpty, first > 0 else { return Days(counts: counts, ids: []) }
        var sample = SQLQueryString("")
        for (n, day) in busy.enumerated() {
            if n > 0 { sample.appendInterpolation(unsafeRaw: " UNION ALL ") }
            sample.appendInterpolation(unsafeRaw: "SELECT id FROM (SELECT p.id ")
            sample.appendInterpolation(from(filter, bounds[day], bounds[day + 1]))
            sample.appendInterpolation(unsafeRaw: " ORDER BY p.scheduled_at, p.id LIMIT \(first)) AS d\(n)")
        }
        let ids = try await sql.raw(sample).all().map { try $0.decode(column: "id", as: UUID.self) }
        return Days(counts: counts, ids: ids)
    }

    static func from(_ filter: Filter, _ start: Date, _ end: Date) -> SQLQueryString {
        from(filter, between: (start, end))
    }

    /// The posts `filter` admits, scheduled within `between` — or not scheduled at all when nil.
    static func from(_ filter: Filter, between: (start: Date, end: Date)?) -> SQLQueryString {
        var query = SQLQueryString("FROM posts p")
        if let channel = filter.channel {
            query.appendInterpolation(unsafeRaw: " JOIN post_targets t ON t.post_id = p.id AND t.channel_id = ")
            query.appendInterpolation(bind: channel)
        }
        query.appendInterpolation(unsafeRaw: " WHERE p.workspace_id = ")
        query.appendInterpolation(bind: filter.workspaceID)
        if let between {
            query.appendInterpolation(unsafeRaw: " AND p.scheduled_at >= ")
            query.appendInterpolation(bind: between.start)
            query.appendInterpolation(unsafeRaw: " AND p.scheduled_at < ")
            query.appendInterpolation(bind: between.end)
        } else {
            query.appendInterpolation(unsafeRaw: " AND p.scheduled_at IS NULL")
        }
        if let campaign = filter.campaign { query.appendInterpolation(unsafeRaw: " AND p.campaign_id = "); query.appendInterpolation(bind: campaign) }
        if let status = filter.status { query.appendInterpolation(unsafeRaw: " AND p.status = "); query.appendInterpolation(bind: status) }
        if let author = filter.author { query.appendInterpolation(unsafeRaw: " AND p.author_id = "); query.appendInterpolation(bind: author) }
        return query
    }
}
