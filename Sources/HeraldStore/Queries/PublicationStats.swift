import FluentKit
import Foundation
import HeraldCore
import SQLKit

/// The analytics roll-up (migration 0034): one row per published publication with its local day and
/// hour of the week, kind, length band, campaign and latest numbers, and one key row per image tag
/// and hashtag. Dashboards are `GROUP BY` queries over a period of it; best time and content
/// findings read the sums `AnalyticsWindow` keeps from it for the last 180 days. Every query is
/// scoped to a workspace.
public enum PublicationStats {
    public static let schema = "publication_stats"
    public static let keysSchema = "publication_stat_keys"
    /// One nullable column per metric: NULL is "not available", never zero.
    public static let metricColumns = PostMetric.allCases.map(\.rawValue)

    /// What a publication is, as analytics groups it (computed once it is out: none of it changes).
    public struct Row: Sendable, Equatable {
        public var publicationID: UUID
        public var workspaceID: UUID
        public var channelID: UUID
        public var campaignID: UUID?
        public var publishedAt: Date
        /// `YYYY-MM-DD` in the workspace's zone.
        public var localDay: String
        /// 0 = Monday 00:00 … 167, in the workspace's zone.
        public var hourOfWeek: Int
        public var kind: ContentKind
        public var length: LengthBand
        /// Image tags and hashtags.
        public var keys: [(dimension: ContentFindings.Dimension, value: String)]

        public init(publicationID: UUID, workspaceID: UUID, channelID: UUID, campaignID: UUID?, publishedAt: Date, localDay: String,
                    hourOfWeek: Int, kind: ContentKind, length: LengthBand, keys: [(dimension: ContentFindings.Dimension, value: String)]) {
            self.publicationID = publicationID
            self.workspaceID = workspaceID
            self.channelID = channelID
            self.campaignID = campaignID
            self.publishedAt = publishedAt
            self.localDay = localDay
            self.hourOfWeek = hourOfWeek
            self.kind = kind
            self.length = length
            self.keys = keys
        }

        public static func == (a: Row, b: Row) -> Bool {
            a.publicationID == b.publicationID && a.keys.map { "\($0.dimension.rawValue):\($0.value)" } == b.keys.map { "\($0.dimension.rawValue):\($0.value)" }
        }
    }

    /// A workspace's publications published in `[from, to)`, narrowed to a channel and/or a campaign.
    public struct Range: Sendable {
        public var workspace: UUID
        public var from: Date
        public var to: Date
        public var channel: UUID?
        public var campaign: UUID?

        public init(workspace: UUID, from: Date, to: Date, channel: UUID? = nil, campaign: UUID? = nil) {
            self.workspace = workspace
            self.from = from
            self.to = to
            self.channel = channel
            self.campaign = campaign
        }

        func condition(_ alias: String = "s") -> SQLQueryString {
            var parts: SQLQueryString = """
                \(ident: alias).workspace_id = \(bind: workspace) AND \(ident: alias).published_at >= \(bind: from) \
                AND \(ident: alias).published_at < \(bind: to)
                """
            if let channel { parts = parts + " AND \(ident: alias).channel_id = \(bind: channel)" }
            if let campaign { parts = parts + " AND \(ident: alias).campaign_id = \(bind: campaign)" }
            return parts
        }
    }

    // MARK: - Upkeep

    /// Up to `limit` publications of the workspace published in `[from, to)` without a row (a small
    /// partial index holds only those: `publications.stats_at`, set by `markRolledUp`).
    public static func missing(workspace: UUID, from: Date, to: Date, limit: Int, on sql: any SQLDatabase) async throws -> [UUID] {
        try await sql.raw("""
            SELECT p.id FROM publications p
            WHERE p.workspace_id = \(bind: workspace) AND p.published_at >= \(bind: from) AND p.published_at < \(bind: to)
              AND p.published_at IS NOT NULL AND p.stats_at IS NULL
            LIMIT \(unsafeRaw: String(limit))
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
    }

    /// These publications have their rows (or, not being published, never will): none is asked for again.
    public static func markRolledUp(_ publications: [UUID], at now: Date = Date(), on sql: any SQLDatabase) async throws {
        for chunk in publications.chunks(of: 500) {
            try await sql.raw("UPDATE publications SET stats_at = \(bind: now) WHERE id IN (\(binds: chunk))").run()
        }
    }

    /// Adds rows (a row there already is kept: two requests may fill the same gap), then their numbers.
    public static func insert(_ rows: [Row], on sql: any SQLDatabase) async throws {
        for chunk in rows.chunks(of: 500) {
            let insert = sql.insert(into: schema)
                .columns("publication_id", "workspace_id", "channel_id", "campaign_id", "published_at", "local_day", "hour_of_week",
                         "kind", "length_band", "interactions")
            for row in chunk {
                insert.values(SQLBind(row.publicationID), SQLBind(row.workspaceID), SQLBind(row.channelID), SQLBind(row.campaignID),
                              SQLBind(row.publishedAt), SQLBind(row.localDay), SQLBind(row.hourOfWeek), SQLBind(row.kind.rawValue),
                              SQLBind(row.length.rawValue), SQLBind(0))
            }
            try await insert.ignoringConflicts(with: ["publication_id"]).run()
            let keys = chunk.flatMap { row in row.keys.map { (row, $0) } }
            for part in keys.chunks(of: 1000) {
                let insertKeys = sql.insert(into: keysSchema)
                    .columns("publication_id", "workspace_id", "dimension", "value", "channel_id", "campaign_id", "published_at")
                for (row, key) in part {
                    insertKeys.values(SQLBind(row.publicationID), SQLBind(row.workspaceID), SQLBind(key.dimension.rawValue), SQLBind(key.value),
                                      SQLBind(row.channelID), SQLBind(row.campaignID), SQLBind(row.publishedAt))
                }
                try await insertKeys.ignoringConflicts(with: ["publication_id", "dimension", "value"]).run()
            }
            try await refreshNumbers(chunk.map(\.publicationID), on: sql)
        }
    }

    /// Copies these publications' latest numbers (`post_metrics_latest`) into their rows: after each
    /// reading, and when rows are added.
    /// Runs inside a write transaction: the analytics window's sums move with the numbers (`AnalyticsWindow.recount`).
    public static func refreshNumbers(_ publications: [UUID], on sql: any SQLDatabase) async throws {
        guard !publications.isEmpty else { return }
        let interactive = PostMetric.interactive.map(\.rawValue)
        for chunk in publications.chunks(of: 500) {
            // The workspaces' locks first, then their rows (the order a slide of the window takes them in).
            let workspaces = try await sql.raw("SELECT DISTINCT workspace_id FROM publication_stats WHERE publication_id IN (\(binds: chunk))")
                .all().map { try $0.decode(column: "workspace_id", as: UUID.self) }
            guard !workspaces.isEmpty else { continue }
            try await AnalyticsWindow.lock(workspaces, on: sql)
            var assignments: SQLQueryString = """
                interactions = COALESCE((SELECT SUM(l.value) FROM post_metrics_latest l
                    WHERE l.publication_id = publication_stats.publication_id AND l.metric IN (\(binds: interactive))), 0)
                """
            for metric in metricColumns {
                assignments = assignments + """
                    , \(ident: metric) = (SELECT l.value FROM post_metrics_latest l
                        WHERE l.publication_id = publication_stats.publication_id AND l.metric = \(bind: metric))
                    """
            }
            try await sql.raw("UPDATE publication_stats SET \(assignments) WHERE publication_id IN (\(binds: chunk))").run()
            try await AnalyticsWindow.recount(chunk, workspaces: workspaces, on: sql)
        }
    }

    /// Removes a workspace's rows (a new time zone moves every local hour); they are added again when next needed.
    public static func forget(workspace: UUID, on sql: any SQLDatabase) async throws {
        // Publication rows before the analytics lock, as everywhere (a metrics reading holds publication rows while it waits for that lock).
        try await sql.raw("UPDATE publications SET stats_at = NULL WHERE workspace_id = \(bind: workspace) AND stats_at IS NOT NULL").run()
        try await AnalyticsWindow.lock([workspace], on: sql)
        try await AnalyticsWindow.forget(workspace: workspace, on: sql)
        try await sql.raw("DELETE FROM publication_stat_keys WHERE workspace_id = \(bind: workspace)").run()
        try await sql.raw("DELETE FROM publication_stats WHERE workspace_id = \(bind: workspace)").run()
    }

    // MARK: - Reads

    /// The period's posts, each metric's sum (a metric no post has is absent) and interactions.
    public static func totals(_ range: Range, on sql: any SQLDatabase) async throws -> Dashboard.Totals {
        try await byDay(range, on: sql).totals
    }

    /// The period's totals and its posts and interactions per local day, from one pass over its rows.
    public static func byDay(_ range: Range, on sql: any SQLDatabase) async throws
        -> (totals: Dashboard.Totals, days: [String: (posts: Int, interactions: Int)]) {
        var columns: SQLQueryString = "s.local_day, COUNT(*) AS n, CAST(COALESCE(SUM(s.interactions), 0) AS BIGINT) AS interactions"
        for metric in metricColumns {
            columns = columns + ", CAST(SUM(s.\(ident: metric)) AS BIGINT) AS \(ident: "sum_" + metric)"
        }
        var totals = Dashboard.Totals(posts: 0, metrics: [:], interactions: 0)
        var days: [String: (posts: Int, interactions: Int)] = [:]
        for row in try await sql.raw("SELECT \(columns) FROM publication_stats s WHERE \(range.condition()) GROUP BY s.local_day").all() {
            let posts = try row.decode(column: "n", as: Int.self), interactions = try row.decode(column: "interactions", as: Int.self)
            days[try row.decode(column: "local_day", as: String.self)] = (posts, interactions)
            totals.posts += posts
            totals.interactions += interactions
            for metric in PostMetric.allCases {
                if let value = try row.decode(column: "sum_" + metric.rawValue, as: Int?.self) { totals.metrics[metric, default: 0] += value }
            }
        }
        return (totals, days)
    }

    /// Posts and interactions per campaign (posts in a campaign only).
    public static func byCampaign(_ range: Range, on sql: any SQLDatabase) async throws -> [(campaign: UUID, posts: Int, interactions: Int)] {
        try await sql.raw("""
            SELECT s.campaign_id, COUNT(*) AS n, CAST(SUM(s.interactions) AS BIGINT) AS interactions FROM publication_stats s
            WHERE \(range.condition()) AND s.campaign_id IS NOT NULL GROUP BY s.campaign_id
            """).all().map { row in
            (try row.decode(column: "campaign_id", as: UUID.self), try row.decode(column: "n", as: Int.self),
             try row.decode(column: "interactions", as: Int.self))
        }
    }

    /// The best posts (most interactions, the earlier first on a tie) or the weakest (fewest, the later first).
    public static func ranked(_ range: Range, best: Bool, limit: Int, on sql: any SQLDatabase) async throws -> [UUID] {
        guard limit > 0 else { return [] }
        let order: SQLQueryString = best ? "s.interactions DESC, s.published_at ASC, s.publication_id ASC"
                                         : "s.interactions ASC, s.published_at DESC, s.publication_id DESC"
        return try await sql.raw("""
            SELECT s.publication_id FROM publication_stats s WHERE \(range.condition()) ORDER BY \(order) LIMIT \(unsafeRaw: String(limit))
            """).all().map { try $0.decode(column: "publication_id", as: UUID.self) }
    }
}
