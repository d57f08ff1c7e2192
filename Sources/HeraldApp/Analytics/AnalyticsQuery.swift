import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldJobs
import HeraldStore
import SQLKit

/// Reads a workspace's published posts with their latest numbers, its follower counts, and builds
/// the dashboard, best-time grid and content findings from them. Everything is scoped to the
/// workspace; a channel or campaign narrows it.
package enum AnalyticsQuery {
    package struct Scope: Sendable, Equatable {
        package var channel: UUID?
        package var campaign: UUID?

        package init(channel: UUID? = nil, campaign: UUID? = nil) {
            self.channel = channel
            self.campaign = campaign
        }

        /// `channel` and `campaign` as given in a query string: a UUID of this workspace, or empty for all.
        package static func parse(channel: String?, campaign: String?, in access: WorkspaceAccess, on database: any Database) async throws -> Scope {
            func id(_ raw: String?, field: String) throws -> UUID? {
                guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
                guard let id = UUID(uuidString: raw) else {
                    throw ValidationError(code: "invalid_id", field: field, message: .init(.analyticsUnknownFilter, raw))
                }
                return id
            }
            let scope = Scope(channel: try id(channel, field: "channel"), campaign: try id(campaign, field: "campaign"))
            if let channel = scope.channel, try await SocialChannel.scoped(to: access.workspaceID, on: database).filter(\.$id == channel).count() == 0 {
                throw ValidationError(code: "unknown_channel", field: "channel", message: .init(.analyticsUnknownFilter, channel.uuidString))
            }
            if let campaign = scope.campaign, try await Campaign.scoped(to: access.workspaceID, on: database).filter(\.$id == campaign).count() == 0 {
                throw ValidationError(code: "unknown_campaign", field: "campaign", message: .init(.analyticsUnknownFilter, campaign.uuidString))
            }
            return scope
        }
    }

    /// How far back best time and content findings look.
    package static let lookBack: TimeInterval = 180 * 86_400

    /// The workspace's posts published in `[from, to)` within `scope`, with their latest numbers.
    package static func performance(_ access: WorkspaceAccess, from: Date, to: Date, scope: Scope = .init(),
                                    on database: any Database) async throws -> [PostPerformance] {
        try access.require(.viewPosts)
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        var filters: [SQLQueryString] = []
        if let channel = scope.channel { filters.append("AND p.channel_id = \(bind: channel)") }
        if let campaign = scope.campaign { filters.append("AND po.campaign_id = \(bind: campaign)") }
        let rows = try await sql.raw("""
            SELECT p.id, p.post_id, p.channel_id, p.published_at, po.text AS post_text, t.text AS target_text,
                   po.media_ids AS post_media, t.media_ids AS target_media, t.link, c.name AS campaign
            FROM publications p JOIN posts po ON po.id = p.post_id JOIN post_targets t ON t.id = p.target_id
            LEFT JOIN campaigns c ON c.id = po.campaign_id
            WHERE p.workspace_id = \(bind: access.workspaceID) AND p.state = \(bind: PublicationState.Kind.published.rawValue)
              AND p.published_at >= \(bind: from) AND p.published_at < \(bind: to) \(filters.joined(separator: " "))
            """).all()
        struct Row { var id, post, channel: UUID; var at: Date; var text: String; var media: [UUID]; var link: String?; var campaign: String? }
        let parsed = try rows.map { row in
            let targetText = try row.decode(column: "target_text", as: String?.self)
            let targetMedia = try row.decode(column: "target_media", as: String?.self)
            let postMedia = try row.decode(column: "post_media", as: String?.self)
            return Row(id: try row.decode(column: "id", as: UUID.self), post: try row.decode(column: "post_id", as: UUID.self),
                       channel: try row.decode(column: "channel_id", as: UUID.self), at: try row.decode(column: "published_at", as: Date.self),
                       text: try targetText ?? row.decode(column: "post_text", as: String.self),
                       media: UUIDList.decode(targetMedia ?? postMedia),
                       link: try row.decode(column: "link", as: String?.self), campaign: try row.decode(column: "campaign", as: String?.self))
        }
        let files = try await mediaFiles(Set(parsed.flatMap(\.media)), workspace: access.workspaceID, on: database)
        let metrics = try await MetricsSync.latest(parsed.map(\.id), on: database)
        return parsed.map { row in
            let media = row.media.compactMap { files[$0] }
            let tags = media.flatMap { file in file.tags.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init) }
            return PostPerformance(publicationID: row.id, postID: row.post, channelID: row.channel, publishedAt: row.at, text: row.text,
                                   kind: .of(text: row.text, media: media.compactMap { MediaFormat(rawValue: $0.formatName) }, link: row.link),
                                   imageTags: tags, campaign: row.campaign, metrics: metrics[row.id] ?? [:])
        }
    }

    static func mediaFiles(_ ids: Set<UUID>, workspace: UUID, on database: any Database) async throws -> [UUID: MediaFile] {
        var files: [UUID: MediaFile] = [:]
        let all = Array(ids)
        for start in stride(from: 0, to: all.count, by: 500) {
            for file in try await MediaFile.scoped(to: workspace, on: database).filter(\.$id ~~ Array(all[start..<min(all.count, start + 500)])).all() {
                if let id = file.id { files[id] = file }
            }
        }
        return files
    }

    /// Follower counts read in `[from, to)` (and the last one before `from`, to start from), as (time, channel, count).
    package static func followers(_ access: WorkspaceAccess, from: Date, to: Date, channel: UUID?,
                                   on database: any Database) async throws -> [(Date, UUID, Int)] {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let narrow: SQLQueryString = channel.map { "AND channel_id = \(bind: $0)" } ?? ""
        let rows = try await sql.raw("""
            SELECT channel_id, value, at FROM account_samples
            WHERE workspace_id = \(bind: access.workspaceID) AND metric = 'followers' AND at >= \(bind: from) AND at < \(bind: to) \(narrow)
            UNION ALL
            SELECT s.channel_id, s.value, s.at FROM account_samples s
            WHERE s.workspace_id = \(bind: access.workspaceID) AND s.metric = 'followers' AND s.at < \(bind: from) \(narrow)
              AND s.at = (SELECT MAX(t.at) FROM account_samples t WHERE t.channel_id = s.channel_id AND t.metric = 'followers' AND t.at < \(bind: from))
            """).all()
        return try rows.map { row in
            (try row.decode(column: "at", as: Date.self), try row.decode(column: "channel_id", as: UUID.self), try row.decode(column: "value", as: Int.self))
        }
    }

    package static func dashboard(_ access: WorkspaceAccess, from: Date, to: Date, scope: Scope = .init(),
                                  on database: any Database) async throws -> Dashboard {
        let length = to.timeIntervalSince(from)
        let posts = try await performance(access, from: from, to: to, scope: scope, on: database)
        let earlier = try await performance(access, from: from.addingTimeInterval(-length), to: from, scope: scope, on: database)
        // Follower counts belong to channels, not campaigns: a campaign's page shows its channels' followers.
        let followers = try await followers(access, from: from, to: to, channel: scope.channel, on: database)
        return Dashboard(posts: posts, earlier: earlier, followerSamples: followers, from: from, to: to, zone: access.workspace.zone)
    }

    /// Everything the analytics page shows: the period's dashboard, and the best-time grid and
    /// content findings of the last 180 days (of the channel in view, or all).
    package struct Overview: Sendable {
        package var from: Date
        package var to: Date
        package var scope: Scope
        package var dashboard: Dashboard
        package var bestTime: BestTime
        package var slots: [(channel: SocialChannel, advice: [BestTime.SlotAdvice])]
        package var content: ContentFindings
        package var channels: [SocialChannel]
        package var campaigns: [Campaign]
    }

    package static func overview(_ access: WorkspaceAccess, from: Date, to: Date, scope: Scope, now: Date = Date(),
                                 on database: any Database) async throws -> Overview {
        let dashboard = try await dashboard(access, from: from, to: to, scope: scope, on: database)
        let (grid, slots, content) = try await findings(access, channel: scope.channel, now: now, on: database)
        let channels = try await SocialChannel.scoped(to: access.workspaceID, on: database).sort(\.$name).all()
        let campaigns = try await Campaign.scoped(to: access.workspaceID, on: database).sort(\.$name).all()
        return Overview(from: from, to: to, scope: scope, dashboard: dashboard, bestTime: grid, slots: slots, content: content,
                        channels: channels, campaigns: campaigns)
    }

    /// The best-time grid and content findings of the last 180 days (one channel or all), and what
    /// the grid says about each channel's posting slots (its own grid when it has enough posts).
    package static func findings(_ access: WorkspaceAccess, channel: UUID?, now: Date = Date(), on database: any Database) async throws
        -> (BestTime, [(channel: SocialChannel, advice: [BestTime.SlotAdvice])], ContentFindings) {
        let posts = try await performance(access, from: now.addingTimeInterval(-lookBack), to: now, scope: .init(channel: channel), on: database)
        let zone = access.workspace.zone
        let grid = BestTime(posts: posts, zone: zone, now: now)
        var channels = try await SocialChannel.scoped(to: access.workspaceID, on: database).filter(\.$archivedAt == nil).sort(\.$name).all()
        if let channel { channels = channels.filter { $0.id == channel } }
        var slots: [(channel: SocialChannel, advice: [BestTime.SlotAdvice])] = []
        for item in channels where !item.postingSlots.isEmpty {
            let own = channel == nil ? BestTime(posts: posts.filter { $0.channelID == item.id }, zone: zone, now: now) : grid
            slots.append((item, (own.hasEnoughData ? own : grid).advice(for: item.postingSlots)))
        }
        return (grid, slots, ContentFindings(posts: posts, zone: zone, now: now))
    }
}
