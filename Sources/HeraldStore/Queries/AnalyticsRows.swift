import FluentKit
import Foundation
import HeraldCore
import SQLKit

/// What analytics reads, as plain rows: the workspace's publications that went out in a period
/// (with the text, media and link the channel got, and the campaign), and its channels' follower
/// readings. Every query here is scoped to the workspace.
public enum AnalyticsRows {
    public struct Published: Sendable, Equatable {
        public var publicationID: UUID
        public var postID: UUID
        public var channelID: UUID
        public var publishedAt: Date
        /// The channel's variant text, else the post's.
        public var text: String
        /// The channel's own media when it has a choice of its own, else the post's.
        public var media: [UUID]
        public var link: String?
        public var campaign: String?
        public var campaignID: UUID?
    }

    /// Publications of the workspace published in `[from, to)`, narrowed to a channel and/or a campaign.
    public static func published(workspace: UUID, from: Date, to: Date, channel: UUID?, campaign: UUID?,
                                 on database: any Database) async throws -> [Published] {
        var filters: SQLQueryString = "p.published_at >= \(bind: from) AND p.published_at < \(bind: to)"
        if let channel { filters = filters + " AND p.channel_id = \(bind: channel)" }
        if let campaign { filters = filters + " AND po.campaign_id = \(bind: campaign)" }
        return try await published(workspace: workspace, where: filters, on: database)
    }

    /// These publications of the workspace, those published (in no particular order).
    public static func published(workspace: UUID, ids: [UUID], on database: any Database) async throws -> [Published] {
        var result: [Published] = []
        for chunk in ids.chunks(of: 500) {
            result += try await published(workspace: workspace, where: "p.id IN (\(binds: chunk))", on: database)
        }
        return result
    }

    private static func published(workspace: UUID, where filters: SQLQueryString, on database: any Database) async throws -> [Published] {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let rows = try await sql.raw("""
            SELECT p.id, p.post_id, p.channel_id, p.published_at, po.text AS post_text, t.text AS target_text,
                   po.media_ids AS post_media, t.media_ids AS target_media, t.link, c.name AS campaign, po.campaign_id
            FROM publications p JOIN posts po ON po.id = p.post_id JOIN post_targets t ON t.id = p.target_id
            LEFT JOIN campaigns c ON c.id = po.campaign_id
            WHERE p.workspace_id = \(bind: workspace) AND p.state = \(bind: PublicationState.Kind.published.rawValue) AND \(filters)
            """).all()
        return try rows.map { row in
            let targetText = try row.decode(column: "target_text", as: String?.self)
            let targetMedia = try row.decode(column: "target_media", as: String?.self)
            let postMedia = try row.decode(column: "post_media", as: String?.self)
            return Published(publicationID: try row.decode(column: "id", as: UUID.self), postID: try row.decode(column: "post_id", as: UUID.self),
                             channelID: try row.decode(column: "channel_id", as: UUID.self),
                             publishedAt: try row.decode(column: "published_at", as: Date.self),
                             text: try targetText ?? row.decode(column: "post_text", as: String.self),
                             media: UUIDList.decode(targetMedia ?? postMedia),
                             link: try row.decode(column: "link", as: String?.self), campaign: try row.decode(column: "campaign", as: String?.self),
                             campaignID: try row.decode(column: "campaign_id", as: UUID?.self))
        }
    }

    /// Follower readings in `[from, to)`, and each channel's last one before `from` (to start from).
    public static func followers(workspace: UUID, from: Date, to: Date, channel: UUID?,
                                 on database: any Database) async throws -> [Dashboard.FollowerSample] {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let narrow: SQLQueryString = channel.map { "AND channel_id = \(bind: $0)" } ?? ""
        let rows = try await sql.raw("""
            SELECT channel_id, value, at FROM account_samples
            WHERE workspace_id = \(bind: workspace) AND metric = 'followers' AND at >= \(bind: from) AND at < \(bind: to) \(narrow)
            UNION ALL
            SELECT s.channel_id, s.value, s.at FROM account_samples s
            WHERE s.workspace_id = \(bind: workspace) AND s.metric = 'followers' AND s.at < \(bind: from) \(narrow)
              AND s.at = (SELECT MAX(t.at) FROM account_samples t WHERE t.channel_id = s.channel_id AND t.metric = 'followers' AND t.at < \(bind: from))
            """).all()
        return try rows.map { row in
            Dashboard.FollowerSample(at: try row.decode(column: "at", as: Date.self), channelID: try row.decode(column: "channel_id", as: UUID.self),
                                     followers: try row.decode(column: "value", as: Int.self))
        }
    }
}
