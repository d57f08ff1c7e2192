import FluentKit
import Foundation
import HeraldCore
import SQLKit

/// Herald's short links and their clicks (migration 0035), as plain SQL. Links of posts are made
/// by the publisher before it sends; link-in-bio entries by people. Clicks arrive in batches from
/// the redirect's buffer, already stripped of anything personal but a hash.
public enum ShortLinks {
    public struct Link: Sendable, Equatable {
        public var id: UUID
        public var workspaceID: UUID
        public var slug: String
        public var target: String
        public var postID: UUID?
        public var channelID: UUID?
        public var campaignID: UUID?
        public var bioLabel: String?
        public var bioPosition: Int?
        public var createdAt: Date
    }

    public enum Failure: Error, Equatable {
        /// Another link already has this slug (two links hashing alike): nothing is sent with a wrong link.
        case slugTaken(String)
    }

    static let columns: SQLQueryString = "id, workspace_id, slug, target, post_id, channel_id, campaign_id, bio_label, bio_position, created_at"

    static func link(_ row: any SQLRow) throws -> Link {
        Link(id: try row.decode(column: "id", as: UUID.self), workspaceID: try row.decode(column: "workspace_id", as: UUID.self),
             slug: try row.decode(column: "slug", as: String.self), target: try row.decode(column: "target", as: String.self),
             postID: try row.decode(column: "post_id", as: UUID?.self), channelID: try row.decode(column: "channel_id", as: UUID?.self),
             campaignID: try row.decode(column: "campaign_id", as: UUID?.self), bioLabel: try row.decode(column: "bio_label", as: String?.self),
             bioPosition: try row.decode(column: "bio_position", as: Int?.self), createdAt: try row.decode(column: "created_at", as: Date.self))
    }

    /// Stores the short links of a post on a channel (each slug once; sending again finds them).
    public static func ensure(workspace: UUID, post: UUID, channel: UUID, campaign: UUID?, links: [(slug: String, target: String)],
                              now: Date, on sql: any SQLDatabase) async throws {
        guard !links.isEmpty else { return }
        let insert = sql.insert(into: "short_links")
            .columns("id", "workspace_id", "slug", "target", "post_id", "channel_id", "campaign_id", "created_at")
        for link in links {
            insert.values(SQLBind(UUID()), SQLBind(workspace), SQLBind(link.slug), SQLBind(link.target), SQLBind(post), SQLBind(channel),
                          SQLBind(campaign), SQLBind(now))
        }
        try await insert.ignoringConflicts(with: ["slug"]).run()
        let stored = try await sql.raw("SELECT slug, target FROM short_links WHERE slug IN (\(binds: links.map(\.slug)))").all()
        let targets = Dictionary(try stored.map { (try $0.decode(column: "slug", as: String.self), try $0.decode(column: "target", as: String.self)) },
                                 uniquingKeysWith: { a, _ in a })
        for link in links where targets[link.slug] != link.target { throw Failure.slugTaken(link.slug) }
    }

    public static func find(slug: String, on sql: any SQLDatabase) async throws -> Link? {
        try await sql.raw("SELECT \(columns) FROM short_links WHERE slug = \(bind: slug)").first().map(link)
    }

    /// The newest links (to have them at hand before the first click).
    public static func recent(limit: Int, on sql: any SQLDatabase) async throws -> [Link] {
        try await sql.raw("SELECT \(columns) FROM short_links ORDER BY created_at DESC LIMIT \(unsafeRaw: String(limit))").all().map(link)
    }

    // MARK: - Clicks

    /// The salt of a UTC day (made by whoever asks first; every process uses the same one).
    public static func salt(day: String, on sql: any SQLDatabase) async throws -> String {
        var bytes = [UInt8](repeating: 0, count: 24)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        let fresh = Hex.encode(bytes)
        try await sql.raw("""
            INSERT INTO link_salts (day, salt) VALUES (\(bind: day), \(bind: fresh)) ON CONFLICT (day) DO NOTHING
            """).run()
        return try await sql.raw("SELECT salt FROM link_salts WHERE day = \(bind: day)").first()?.decode(column: "salt", as: String.self) ?? fresh
    }

    /// Counts a batch of clicks: per link and UTC day, how many, and the salted hashes of the visitors.
    public static func record(_ clicks: [(link: UUID, day: String, count: Int, visitors: Set<String>)], on sql: any SQLDatabase) async throws {
        // A few statements per few hundred links, not three per link: a busy second touches
        // thousands of links, and each statement's round trip is work on the server's event loops.
        for part in clicks.chunks(of: 300) {
            let rows = SQLList(part.map { click in
                SQLGroupExpression([SQLBind(click.link), SQLBind(click.day), SQLBind(click.count)] as [any SQLExpression])
            })
            try await sql.raw("""
                INSERT INTO link_clicks (link_id, workspace_id, day, clicks, visitors)
                SELECT s.id, s.workspace_id, v.column2, v.column3, 0 FROM (VALUES \(rows)) AS v JOIN short_links s ON s.id = v.column1
                WHERE true
                ON CONFLICT (link_id, day) DO UPDATE SET clicks = link_clicks.clicks + excluded.clicks
                """).run()
        }
        // Each visitor hash is stored once a link and day; the ones new to the table (the insert
        // answers only those) raise the link's day's visitor count by exactly that many, instead
        // of counting the day's hashes again for every link clicked in the second.
        let visitors = clicks.flatMap { click in click.visitors.map { (click.link, click.day, $0) } }
        var fresh: [LinkDay: Int] = [:]
        for part in visitors.chunks(of: 500) {
            let insert = sql.insert(into: "link_visitors").columns("link_id", "day", "hash")
            for (link, day, hash) in part { insert.values(SQLBind(link), SQLBind(day), SQLBind(hash)) }
            for row in try await insert.ignoringConflicts(with: ["link_id", "day", "hash"]).returning("link_id", "day").all() {
                fresh[LinkDay(link: try row.decode(column: "link_id", as: UUID.self), day: try row.decode(column: "day", as: String.self)), default: 0] += 1
            }
        }
        for part in Array(fresh).chunks(of: 300) {
            let rows = SQLList(part.map { key, count in
                SQLGroupExpression([SQLBind(key.link), SQLBind(key.day), SQLBind(count)] as [any SQLExpression])
            })
            try await sql.raw("""
                UPDATE link_clicks SET visitors = link_clicks.visitors + v.column3
                FROM (VALUES \(rows)) AS v WHERE link_clicks.link_id = v.column1 AND link_clicks.day = v.column2
                """).run()
        }
    }

    private struct LinkDay: Hashable {
        var link: UUID
        var day: String
    }

    /// Throws away visitor hashes and salts of days before `day` (their counts stay in `link_clicks`).
    public static func forgetVisitors(before day: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM link_visitors WHERE day < \(bind: day)").run()
        try await sql.raw("DELETE FROM link_salts WHERE day < \(bind: day)").run()
    }

    // MARK: - Reading

    /// A link with its clicks and visitors over a period (UTC days, both included).
    public struct Counted: Sendable, Equatable {
        public var link: Link
        public var clicks: Int
        public var visitors: Int

        public init(link: Link, clicks: Int, visitors: Int) {
            self.link = link
            self.clicks = clicks
            self.visitors = visitors
        }
    }

    /// The workspace's links with their counts in `[fromDay, toDay]`: post links made in the
    /// period or clicked in it, and every link-in-bio entry. Most clicked first.
    public static func counted(workspace: UUID, fromDay: String, toDay: String, bio: Bool? = nil, limit: Int = 500,
                               on sql: any SQLDatabase) async throws -> [Counted] {
        let which: SQLQueryString = switch bio {
        case true?: "AND l.bio_label IS NOT NULL"
        case false?: "AND l.bio_label IS NULL"
        case nil: ""
        }
        let rows = try await sql.raw("""
            SELECT l.id, l.workspace_id, l.slug, l.target, l.post_id, l.channel_id, l.campaign_id, l.bio_label, l.bio_position, l.created_at,
                   CAST(COALESCE(SUM(c.clicks), 0) AS BIGINT) AS clicks, CAST(COALESCE(SUM(c.visitors), 0) AS BIGINT) AS visitors
            FROM short_links l LEFT JOIN link_clicks c ON c.link_id = l.id AND c.day >= \(bind: fromDay) AND c.day <= \(bind: toDay)
            WHERE l.workspace_id = \(bind: workspace) \(which)
            GROUP BY l.id, l.workspace_id, l.slug, l.target, l.post_id, l.channel_id, l.campaign_id, l.bio_label, l.bio_position, l.created_at
            ORDER BY clicks DESC, l.created_at DESC LIMIT \(unsafeRaw: String(limit))
            """).all()
        return try rows.map { row in
            Counted(link: try link(row), clicks: try row.decode(column: "clicks", as: Int.self), visitors: try row.decode(column: "visitors", as: Int.self))
        }
    }

    // MARK: - Link in bio

    public static func bio(workspace: UUID, on sql: any SQLDatabase) async throws -> [Link] {
        try await sql.raw("""
            SELECT \(columns) FROM short_links WHERE workspace_id = \(bind: workspace) AND bio_label IS NOT NULL ORDER BY bio_position, created_at
            """).all().map(link)
    }

    public static func addBio(workspace: UUID, label: String, target: String, slug: String, now: Date, on sql: any SQLDatabase) async throws -> UUID {
        let id = UUID()
        let position = try await sql.raw("""
            SELECT COALESCE(MAX(bio_position), 0) + 1 AS n FROM short_links WHERE workspace_id = \(bind: workspace) AND bio_label IS NOT NULL
            """).first()?.decode(column: "n", as: Int.self) ?? 1
        try await sql.raw("""
            INSERT INTO short_links (id, workspace_id, slug, target, bio_label, bio_position, created_at)
            VALUES (\(bind: id), \(bind: workspace), \(bind: slug), \(bind: target), \(bind: label), \(bind: position), \(bind: now))
            """).run()
        return id
    }

    /// Removes a link-in-bio entry of the workspace (post links stay: they are in published posts). Answers whether there was one.
    /// The removal is written down for the other processes' memories (`removed(since:)`).
    public static func removeBio(_ id: UUID, workspace: UUID, now: Date = Date(), on sql: any SQLDatabase) async throws -> Link? {
        guard let found = try await sql.raw("""
            SELECT \(columns) FROM short_links WHERE id = \(bind: id) AND workspace_id = \(bind: workspace) AND bio_label IS NOT NULL
            """).first().map(link) else { return nil }
        try await sql.raw("DELETE FROM short_links WHERE id = \(bind: id)").run()
        try await sql.raw("INSERT INTO short_link_removals (slug, removed_at) VALUES (\(bind: found.slug), \(bind: now))").run()
        return found
    }

    /// Slugs removed at or after `since`, with the latest removal time seen.
    public static func removed(since: Date, on sql: any SQLDatabase) async throws -> (slugs: [String], latest: Date?) {
        let rows = try await sql.raw("""
            SELECT slug, removed_at FROM short_link_removals WHERE removed_at >= \(bind: since) ORDER BY removed_at
            """).all()
        return (try rows.map { try $0.decode(column: "slug", as: String.self) },
                try rows.last?.decode(column: "removed_at", as: Date.self))
    }

    /// Removal notes older than a day: every process has read them by then.
    public static func forgetRemovals(before: Date, on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM short_link_removals WHERE removed_at < \(bind: before)").run()
    }
}
