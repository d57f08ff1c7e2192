import FluentKit
import Foundation
import HeraldCore
import SQLKit

/// What best time and content findings add up, kept per workspace and channel for the posts of
/// the look-back window (migration 0042): interactions as count, sum and sum of squares per hour of
/// the week, kind, length band, image tag, hashtag and campaign, and how many posts had each number
/// of interactions (for each channel's median).
///
/// Which posts are counted is kept on their roll-up rows (`counted_interactions`: the interactions
/// they were counted with, NULL when not counted), so every change is an exact difference:
/// `slide` counts the rows that entered the window and takes out those that left it (both found
/// through small partial indexes), `recount` moves a counted row from its old number to its new one.
/// Both change one workspace under its lock (PostgreSQL: a transaction-scoped advisory lock;
/// SQLite: the write transaction), and must run inside a write transaction.
public enum AnalyticsWindow {
    public static let hoursSchema = "analytics_window_hours"
    public static let groupsSchema = "analytics_window_groups"
    public static let campaignsSchema = "analytics_window_campaigns"
    public static let histogramSchema = "analytics_window_histogram"

    // MARK: - Upkeep

    /// Whether any post of the workspace entered `[from, to)` or left it since the sums were last made.
    public static func pending(workspace: UUID, from: Date, to: Date, on sql: any SQLDatabase) async throws -> Bool {
        for condition in [entered(workspace, from, to)] + left(workspace, from, to) {
            if try await sql.raw("SELECT 1 AS one FROM publication_stats s WHERE \(condition) LIMIT 1").first() != nil { return true }
        }
        return false
    }

    /// Makes the sums those of the posts published in `[from, to)`.
    public static func slide(workspace: UUID, from: Date, to: Date, on sql: any SQLDatabase) async throws {
        try await lock([workspace], on: sql)
        for condition in left(workspace, from, to) {
            try await add(condition, counted: true, sign: -1, on: sql)
            try await sql.raw("UPDATE publication_stats SET counted_interactions = NULL WHERE publication_id IN (\(ids(condition)))").run()
        }
        let entering = entered(workspace, from, to)
        try await add(entering, counted: false, sign: 1, on: sql)
        try await sql.raw("UPDATE publication_stats SET counted_interactions = interactions WHERE publication_id IN (\(ids(entering)))").run()
        try await sweep([workspace], on: sql)
    }

    /// Moves counted rows of these publications from the interactions they were counted with to
    /// their present ones (after a reading changed them).
    public static func recount(_ publications: [UUID], workspaces: [UUID], on sql: any SQLDatabase) async throws {
        let changed: SQLQueryString = """
            s.publication_id IN (\(binds: publications)) AND s.counted_interactions IS NOT NULL AND s.counted_interactions <> s.interactions
            """
        guard try await sql.raw("SELECT 1 AS one FROM publication_stats s WHERE \(changed) LIMIT 1").first() != nil else { return }
        try await add(changed, counted: true, sign: -1, on: sql)
        try await add(changed, counted: false, sign: 1, on: sql)
        try await sql.raw("UPDATE publication_stats SET counted_interactions = interactions WHERE publication_id IN (\(ids(changed)))").run()
        try await sweep(workspaces, on: sql)
    }

    /// Takes these workspaces' lock until the transaction ends (PostgreSQL; SQLite has one writer).
    /// The roll-up's numbers are changed only under it, so a slide and a reading never count one row
    /// twice. Whoever takes it touches `publications` rows only before (never while holding it): a
    /// metrics reading holds publication rows while it waits for it.
    public static func lock(_ workspaces: [UUID], on sql: any SQLDatabase) async throws {
        guard sql.dialect.name == "postgresql" else { return }
        for workspace in Set(workspaces).sorted(by: { $0.text < $1.text }) {
            try await sql.raw("SELECT pg_advisory_xact_lock(\(unsafeRaw: String(lockKey(workspace))))").run()
        }
    }

    /// Empties the workspace's sums (its rows are counted again from nothing).
    public static func forget(workspace: UUID, on sql: any SQLDatabase) async throws {
        for table in [hoursSchema, groupsSchema, campaignsSchema, histogramSchema] {
            try await sql.raw("DELETE FROM \(ident: table) WHERE workspace_id = \(bind: workspace)").run()
        }
        try await sql.raw("UPDATE publication_stats SET counted_interactions = NULL WHERE workspace_id = \(bind: workspace)").run()
    }

    private static func entered(_ workspace: UUID, _ from: Date, _ to: Date) -> SQLQueryString {
        """
        s.workspace_id = \(bind: workspace) AND s.counted_interactions IS NULL AND s.published_at >= \(bind: from) AND s.published_at < \(bind: to)
        """
    }

    private static func left(_ workspace: UUID, _ from: Date, _ to: Date) -> [SQLQueryString] {
        [
            "s.workspace_id = \(bind: workspace) AND s.counted_interactions IS NOT NULL AND s.published_at < \(bind: from)",
            "s.workspace_id = \(bind: workspace) AND s.counted_interactions IS NOT NULL AND s.published_at >= \(bind: to)",
        ]
    }

    private static func ids(_ condition: SQLQueryString) -> SQLQueryString {
        "SELECT s.publication_id FROM publication_stats s WHERE \(condition)"
    }

    /// A key for PostgreSQL's advisory lock: the workspace id's first eight bytes, marked as this lock's.
    static func lockKey(_ workspace: UUID) -> Int64 {
        let bytes = withUnsafeBytes(of: workspace.uuid) { Array($0.prefix(8)) }
        let value = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int64(bitPattern: value ^ 0x4845_5241_4C44_5731)
    }

    /// Adds (`sign` 1) or takes out (-1) the rows matching `condition`, each with its present
    /// interactions or with those it was counted with.
    private static func add(_ condition: SQLQueryString, counted: Bool, sign: Int, on sql: any SQLDatabase) async throws {
        let x: SQLQueryString = counted ? "s.counted_interactions" : "s.interactions"
        let minus: SQLQueryString = sign < 0 ? "-" : ""
        let sums: SQLQueryString = """
            \(minus)COUNT(*), \(minus)CAST(SUM(\(x)) AS BIGINT), \(minus)CAST(SUM(CAST(\(x) AS BIGINT) * \(x)) AS BIGINT)
            """
        func upsert(_ table: String, _ keys: [String], _ select: SQLQueryString) async throws {
            let columns = (["workspace_id", "channel_id"] + keys).map { "\($0)" }.joined(separator: ", ")
            try await sql.raw("""
                INSERT INTO \(ident: table) (\(unsafeRaw: columns), n, total, squares) \(select)
                ON CONFLICT (\(unsafeRaw: columns)) DO UPDATE SET n = \(ident: table).n + excluded.n,
                    total = \(ident: table).total + excluded.total, squares = \(ident: table).squares + excluded.squares
                """).run()
        }
        try await upsert(hoursSchema, ["hour_of_week"], """
            SELECT s.workspace_id, s.channel_id, s.hour_of_week, \(sums) FROM publication_stats s WHERE \(condition)
            GROUP BY s.workspace_id, s.channel_id, s.hour_of_week
            """)
        for (dimension, column) in [(ContentFindings.Dimension.kind, "kind"), (.length, "length_band")] {
            try await upsert(groupsSchema, ["dimension", "value"], """
                SELECT s.workspace_id, s.channel_id, \(bind: dimension.rawValue), s.\(ident: column), \(sums) FROM publication_stats s
                WHERE \(condition) GROUP BY s.workspace_id, s.channel_id, s.\(ident: column)
                """)
        }
        try await upsert(groupsSchema, ["dimension", "value"], """
            SELECT s.workspace_id, s.channel_id, k.dimension, k.value, \(sums)
            FROM publication_stats s JOIN publication_stat_keys k ON k.publication_id = s.publication_id
            WHERE \(condition) GROUP BY s.workspace_id, s.channel_id, k.dimension, k.value
            """)
        try await upsert(campaignsSchema, ["campaign_id"], """
            SELECT s.workspace_id, s.channel_id, s.campaign_id, \(sums) FROM publication_stats s
            WHERE \(condition) AND s.campaign_id IS NOT NULL GROUP BY s.workspace_id, s.channel_id, s.campaign_id
            """)
        try await sql.raw("""
            INSERT INTO \(ident: histogramSchema) (workspace_id, channel_id, interactions, posts)
            SELECT s.workspace_id, s.channel_id, \(x), \(minus)COUNT(*) FROM publication_stats s WHERE \(condition)
            GROUP BY s.workspace_id, s.channel_id, \(x)
            ON CONFLICT (workspace_id, channel_id, interactions) DO UPDATE SET posts = \(ident: histogramSchema).posts + excluded.posts
            """).run()
    }

    /// Groups no post is in any more.
    private static func sweep(_ workspaces: [UUID], on sql: any SQLDatabase) async throws {
        for table in [hoursSchema, groupsSchema, campaignsSchema] {
            try await sql.raw("DELETE FROM \(ident: table) WHERE workspace_id IN (\(binds: workspaces)) AND n = 0").run()
        }
        try await sql.raw("DELETE FROM \(ident: histogramSchema) WHERE workspace_id IN (\(binds: workspaces)) AND posts = 0").run()
    }

    // MARK: - Reads

    private static func scope(_ workspace: UUID, _ channel: UUID?) -> SQLQueryString {
        var condition: SQLQueryString = "w.workspace_id = \(bind: workspace)"
        if let channel { condition = condition + " AND w.channel_id = \(bind: channel)" }
        return condition
    }

    private static func sums(_ row: any SQLRow) throws -> InteractionSums {
        InteractionSums(n: try row.decode(column: "n", as: Int.self), sum: Double(try row.decode(column: "total", as: Int.self)),
                        squares: Double(try row.decode(column: "squares", as: Int.self)))
    }

    /// How many counted posts of each channel had each number of interactions.
    public static func histogram(workspace: UUID, channel: UUID?, on sql: any SQLDatabase) async throws
        -> [(channel: UUID, interactions: Int, posts: Int)] {
        try await sql.raw("SELECT w.channel_id, w.interactions, w.posts FROM \(ident: histogramSchema) w WHERE \(scope(workspace, channel))")
            .all().map { row in
                (try row.decode(column: "channel_id", as: UUID.self), try row.decode(column: "interactions", as: Int.self),
                 try row.decode(column: "posts", as: Int.self))
            }
    }

    /// Interactions per channel and hour of the week.
    public static func hours(workspace: UUID, channel: UUID?, on sql: any SQLDatabase) async throws
        -> [(channel: UUID, hourOfWeek: Int, sums: InteractionSums)] {
        try await sql.raw("SELECT w.channel_id, w.hour_of_week, w.n, w.total, w.squares FROM \(ident: hoursSchema) w WHERE \(scope(workspace, channel))")
            .all().map { row in
                (try row.decode(column: "channel_id", as: UUID.self), try row.decode(column: "hour_of_week", as: Int.self), try sums(row))
            }
    }

    /// Interactions per channel and kind, length band, image tag or hashtag.
    public static func groups(workspace: UUID, channel: UUID?, on sql: any SQLDatabase) async throws
        -> [(channel: UUID, dimension: ContentFindings.Dimension, value: String, sums: InteractionSums)] {
        try await sql.raw("""
            SELECT w.channel_id, w.dimension, w.value, w.n, w.total, w.squares FROM \(ident: groupsSchema) w WHERE \(scope(workspace, channel))
            """).all().compactMap { row in
            guard let dimension = ContentFindings.Dimension(rawValue: try row.decode(column: "dimension", as: String.self)) else { return nil }
            return (try row.decode(column: "channel_id", as: UUID.self), dimension, try row.decode(column: "value", as: String.self), try sums(row))
        }
    }

    /// Interactions per channel and campaign, with the campaign's name.
    public static func campaigns(workspace: UUID, channel: UUID?, on sql: any SQLDatabase) async throws
        -> [(channel: UUID, campaign: String, sums: InteractionSums)] {
        try await sql.raw("""
            SELECT w.channel_id, c.name, w.n, w.total, w.squares FROM \(ident: campaignsSchema) w JOIN campaigns c ON c.id = w.campaign_id
            WHERE \(scope(workspace, channel))
            """).all().map { row in
            (try row.decode(column: "channel_id", as: UUID.self), try row.decode(column: "name", as: String.self), try sums(row))
        }
    }
}
