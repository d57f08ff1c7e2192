import FluentKit
import Foundation
import SQLKit

/// A calendar grid's days counted and sampled in SQL: however many posts a range holds, Swift
/// reads one count per day and at most `first` ids per day, never the range row by row.
public enum CalendarDays {
    // The calendar's statements as it opens (no filter), prepared once per PostgreSQL connection:
    // planning them cost PostgreSQL about as much as a third of running them (statement log of the
    // benchmark's month). A filtered calendar has other texts and is planned each time.
    private enum DaysCount: PreparedOnPostgres.Name { static let name = "calendar_days" }
    private enum DaysSample: PreparedOnPostgres.Name { static let name = "calendar_sample" }

    public struct Days: Sendable {
        /// Posts in day `i` = `bounds[i]..<bounds[i + 1]`.
        public var counts: [Int]
        /// The first posts of each day by time (at most `first` a day), days in order, read
        /// whole by the same statement (no second read by id); their channels and problems are
        /// not filled in yet (`CalendarRows.decorate`).
        public var posts: [CalendarRows.Row]
    }

    /// `bounds` are the instants where the days begin, in order, and the end of the last one.
    public static func read(_ filter: PostFilter, bounds: [Date], first: Int, on database: any Database) async throws -> Days {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let days = bounds.count - 1
        guard days > 0 else { return Days(counts: [], posts: []) }
        let postgres = sql.isPostgreSQL
        // Prepared under `name` when unfiltered (elsewhere than PostgreSQL that runs it as it is).
        func rows<Name: PreparedOnPostgres.Name>(_ query: SQLQueryString, _ name: Name.Type) async throws -> [PlainRow] {
            filter.narrowsNothing ? try await PlainRows.all(query, preparedAs: name, on: database) : try await PlainRows.all(query, on: database)
        }
        let counted = try await rows(postgres ? bucketed(filter, bounds: bounds) : rangePerDay(filter, bounds: bounds), DaysCount.self)
        var counts = Array(repeating: 0, count: days)
        for row in counted {
            let day = try row.decode("day", as: Int.self), n = try row.decode("n", as: Int.self)
            if counts.indices.contains(day) { counts[day] = n }
        }
        let busy = counts.indices.filter { counts[$0] > 0 }
        guard !busy.isEmpty, first > 0 else { return Days(counts: counts, posts: []) }
        let posts = try await rows(postgres ? firstLateral(filter, bounds: bounds, days: busy, first: first)
                                            : firstPerDay(filter, bounds: bounds, days: busy, first: first), DaysSample.self)
        return Days(counts: counts, posts: try posts.map(CalendarRows.Row.init(post:)))
    }

    /// The columns of a post the calendar shows (`CalendarRows.Row(post:)` reads them), of `p`.
    static let columns = columns(of: "p")

    static func columns(of alias: String) -> String {
        ["id", "text", "status", "scheduled_at", "created_at", "campaign_id"].map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    /// The first `first` posts of each of `days`, days in order (SQLite): the days' bounds as a
    /// VALUES table, each day's first posts picked by a correlated subquery through the (workspace,
    /// time, id) index. Written as 42 subqueries joined by UNION ALL it gave the same rows in 1.7 ms
    /// against 0.95 ms, most of the difference spent preparing the longer statement.
    static func firstPerDay(_ filter: PostFilter, bounds: [Date], days: [Int], first: Int) -> SQLQueryString {
        var sample = dayTable(bounds: bounds, days: days)
        sample.appendInterpolation(unsafeRaw: " SELECT \(columns(of: "x"))")
        sample.appendInterpolation(unsafeRaw: " FROM b JOIN posts x ON x.id IN (SELECT p.id ")
        sample.appendInterpolation(from(filter, between: (SQLRaw("b.s"), SQLRaw("b.e"))))
        sample.appendInterpolation(unsafeRaw: " ORDER BY p.scheduled_at, p.id LIMIT \(first)) ORDER BY b.day, x.scheduled_at, x.id")
        return sample
    }

    /// `WITH b(day, s, e) AS (VALUES …)`: day `i` of `days` with its bounds, bound as values.
    static func dayTable(bounds: [Date], days: [Int]) -> SQLQueryString {
        var table = SQLQueryString("WITH b(day, s, e) AS (VALUES ")
        for (n, day) in days.enumerated() {
            table.appendInterpolation(unsafeRaw: n > 0 ? ", (\(day), " : "(\(day), ")
            table.appendInterpolation(bind: bounds[day])
            table.appendInterpolation(unsafeRaw: ", ")
            table.appendInterpolation(bind: bounds[day + 1])
            table.appendInterpolation(unsafeRaw: ")")
        }
        table.appendInterpolation(unsafeRaw: ")")
        return table
    }

    /// The same as one subquery run per day (PostgreSQL: planning a subquery per day took longer
    /// than running them — 5 ms against 0.5 ms for a month). The days' bounds go as two array
    /// values, so the text is the same whatever the days.
    static func firstLateral(_ filter: PostFilter, bounds: [Date], days: [Int], first: Int) -> SQLQueryString {
        var query = SQLQueryString("SELECT x.* FROM unnest(")
        query.appendInterpolation(timestamps(days.map { bounds[$0] }))
        query.appendInterpolation(unsafeRaw: ", ")
        query.appendInterpolation(timestamps(days.map { bounds[$0 + 1] }))
        query.appendInterpolation(unsafeRaw: ") WITH ORDINALITY AS d(s, e, i) CROSS JOIN LATERAL (SELECT \(columns) ")
        query.appendInterpolation(from(filter, between: (SQLRaw("d.s"), SQLRaw("d.e"))))
        query.appendInterpolation(unsafeRaw: " ORDER BY p.scheduled_at, p.id LIMIT \(first)) AS x ORDER BY d.i, x.scheduled_at, x.id")
        return query
    }

    /// One count per day, each a range of the (workspace, time) index (SQLite), the days' bounds
    /// as a VALUES table: one CASE over the range's rows put every row through up to 61 comparisons
    /// and a sort by day (10 ms for the 11,000 posts of a busy month), and 42 subqueries joined by
    /// UNION ALL took 0.85 ms against 0.59 ms this way (the difference is preparing the statement).
    static func rangePerDay(_ filter: PostFilter, bounds: [Date]) -> SQLQueryString {
        var query = dayTable(bounds: bounds, days: Array(0..<(bounds.count - 1)))
        query.appendInterpolation(unsafeRaw: " SELECT b.day AS day, (SELECT COUNT(*) ")
        query.appendInterpolation(from(filter, between: (SQLRaw("b.s"), SQLRaw("b.e"))))
        query.appendInterpolation(unsafeRaw: ") AS n FROM b")
        return query
    }

    /// The range's rows put in their day by a binary search of the days' starts (PostgreSQL's
    /// `width_bucket`): planning sixty subqueries took PostgreSQL 9 ms, this whole count 3 ms. The
    /// starts go as one array value, so a month and a week share one text.
    static func bucketed(_ filter: PostFilter, bounds: [Date]) -> SQLQueryString {
        let days = bounds.count - 1
        // The starts of the second day on (one day: its end, which no row reaches).
        var query = SQLQueryString("SELECT width_bucket(p.scheduled_at, ")
        query.appendInterpolation(timestamps(days > 1 ? Array(bounds[1..<days]) : [bounds[days]]))
        query.appendInterpolation(unsafeRaw: ") AS day, COUNT(*) AS n ")
        query.appendInterpolation(from(filter, bounds[0], bounds[days]))
        query.appendInterpolation(unsafeRaw: " GROUP BY 1")
        return query
    }

    /// A PostgreSQL array of instants, bound as one value (`timestamptz[]`).
    static func timestamps(_ dates: [Date]) -> SQLQueryString {
        var list = SQLQueryString("")
        list.appendInterpolation(bind: dates)
        list.appendInterpolation(unsafeRaw: "::timestamptz[]")
        return list
    }

    static func from(_ filter: PostFilter, _ start: Date, _ end: Date) -> SQLQueryString {
        from(filter, between: (SQLBind(start), SQLBind(end)))
    }

    /// The posts `filter` admits, scheduled within `between` (values or columns of an outer
    /// query) — or not scheduled at all when nil.
    static func from(_ filter: PostFilter, between: (start: any SQLExpression, end: any SQLExpression)?) -> SQLQueryString {
        var query = SQLQueryString("FROM posts p WHERE p.workspace_id = ")
        query.appendInterpolation(bind: filter.workspaceID)
        if let between {
            query.appendInterpolation(unsafeRaw: " AND p.scheduled_at >= ")
            query.appendInterpolation(between.start)
            query.appendInterpolation(unsafeRaw: " AND p.scheduled_at < ")
            query.appendInterpolation(between.end)
        } else {
            query.appendInterpolation(unsafeRaw: " AND p.scheduled_at IS NULL")
        }
        query.appendInterpolation(filter.conditions(of: "p"))
        return query
    }
}
