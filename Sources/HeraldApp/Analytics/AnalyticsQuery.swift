import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldJobs
import HeraldStore

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
        let rows = try await AnalyticsRows.published(workspace: access.workspaceID, from: from, to: to, channel: scope.channel,
                                                     campaign: scope.campaign, on: database)
        let files = Dictionary(try await PostService.mediaFiles(Array(Set(rows.flatMap(\.media))), workspaceID: access.workspaceID, on: database)
            .compactMap { file in file.id.map { ($0, file) } }, uniquingKeysWith: { a, _ in a })
        let metrics = try await MetricsSync.latest(rows.map(\.publicationID), on: database)
        return rows.map { row in
            let media = row.media.compactMap { files[$0] }
            return PostPerformance(publicationID: row.publicationID, postID: row.postID, channelID: row.channelID, publishedAt: row.publishedAt,
                                   text: row.text, kind: .of(text: row.text, media: media.compactMap { MediaFormat(rawValue: $0.formatName) }, link: row.link),
                                   imageTags: media.flatMap(\.tagList), campaign: row.campaign, metrics: metrics[row.publicationID] ?? [:])
        }
    }

    package static func dashboard(_ access: WorkspaceAccess, from: Date, to: Date, scope: Scope = .init(),
                                  on database: any Database) async throws -> Dashboard {
        let length = to.timeIntervalSince(from)
        let posts = try await performance(access, from: from, to: to, scope: scope, on: database)
        let earlier = try await performance(access, from: from.addingTimeInterval(-length), to: from, scope: scope, on: database)
        // Follower counts belong to channels, not campaigns: a campaign's page shows its channels' followers.
        let followers = try await AnalyticsRows.followers(workspace: access.workspaceID, from: from, to: to, channel: scope.channel, on: database)
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

    /// What content works on one channel (or all), from the last 180 days.
    package static func content(_ access: WorkspaceAccess, channel: UUID?, now: Date = Date(), on database: any Database) async throws -> ContentFindings {
        let posts = try await performance(access, from: now.addingTimeInterval(-lookBack), to: now, scope: .init(channel: channel), on: database)
        return ContentFindings(posts: posts, zone: access.workspace.zone, now: now)
    }

    /// The best-time grid of the last 180 days (one channel or all) and what it says about each channel's posting slots.
    package static func bestTime(_ access: WorkspaceAccess, channel: UUID?, now: Date = Date(), on database: any Database) async throws
        -> (BestTime, [(channel: SocialChannel, advice: [BestTime.SlotAdvice])]) {
        let posts = try await performance(access, from: now.addingTimeInterval(-lookBack), to: now, scope: .init(channel: channel), on: database)
        return try await bestTime(access, posts: posts, channel: channel, now: now, on: database)
    }

    static func bestTime(_ access: WorkspaceAccess, posts: [PostPerformance], channel: UUID?, now: Date, on database: any Database) async throws
        -> (BestTime, [(channel: SocialChannel, advice: [BestTime.SlotAdvice])]) {
        let zone = access.workspace.zone
        let grid = BestTime(posts: posts, zone: zone, now: now)
        var channels = try await SocialChannel.scoped(to: access.workspaceID, on: database).filter(\.$archivedAt == nil).sort(\.$name).all()
        if let channel { channels = channels.filter { $0.id == channel } }
        var slots: [(channel: SocialChannel, advice: [BestTime.SlotAdvice])] = []
        for item in channels where !item.postingSlots.isEmpty {
            let own = channel == nil ? BestTime(posts: posts.filter { $0.channelID == item.id }, zone: zone, now: now) : grid
            slots.append((item, (own.hasEnoughData ? own : grid).advice(for: item.postingSlots)))
        }
        return (grid, slots)
    }

    /// The best-time grid and content findings of the last 180 days (one channel or all), and what
    /// the grid says about each channel's posting slots (its own grid when it has enough posts).
    package static func findings(_ access: WorkspaceAccess, channel: UUID?, now: Date = Date(), on database: any Database) async throws
        -> (BestTime, [(channel: SocialChannel, advice: [BestTime.SlotAdvice])], ContentFindings) {
        let posts = try await performance(access, from: now.addingTimeInterval(-lookBack), to: now, scope: .init(channel: channel), on: database)
        let (grid, slots) = try await bestTime(access, posts: posts, channel: channel, now: now, on: database)
        return (grid, slots, ContentFindings(posts: posts, zone: access.workspace.zone, now: now))
    }
}
