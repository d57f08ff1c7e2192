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
                guard let id = UUID(text: raw) else {
                    throw ValidationError(code: "invalid_id", field: field, message: .init(.analyticsUnknownFilter, raw))
                }
                return id
            }
            return try await Scope(channel: try id(channel, field: "channel"), campaign: try id(campaign, field: "campaign"))
                .checked(in: access, on: database)
        }

        /// This scope when its channel and campaign are this workspace's; refused by field otherwise
        /// (the same answer whether unknown or another workspace's).
        @discardableResult
        package func checked(in access: WorkspaceAccess, on database: any Database) async throws -> Scope {
            if let channel, try await SocialChannel.scoped(to: access.workspaceID, on: database).filter(\.$id == channel).count() == 0 {
                throw ValidationError(code: "unknown_channel", field: "channel", message: .init(.analyticsUnknownFilter, channel.text))
            }
            if let campaign, try await Campaign.scoped(to: access.workspaceID, on: database).filter(\.$id == campaign).count() == 0 {
                throw ValidationError(code: "unknown_campaign", field: "campaign", message: .init(.analyticsUnknownFilter, campaign.text))
            }
            return self
        }
    }

    /// How far back best time and content findings look.
    package static let lookBack: TimeInterval = 180 * 86_400

    /// The workspace's posts published in `[from, to)` within `scope`, with their latest numbers
    /// (each post read: for exports; pages read the roll-up).
    package static func performance(_ access: WorkspaceAccess, from: Date, to: Date, scope: Scope = .init(),
                                    on database: any Database) async throws -> [PostPerformance] {
        try access.require(.viewPosts)
        let rows = try await AnalyticsRows.published(workspace: access.workspaceID, from: from, to: to, channel: scope.channel,
                                                     campaign: scope.campaign, on: database)
        return try await performance(access, rows: rows, on: database)
    }

    static func performance(_ access: WorkspaceAccess, rows: [AnalyticsRows.Published], on database: any Database) async throws -> [PostPerformance] {
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

    /// The dashboard of `[from, to)` against the period of the same length before, added up by the database.
    package static func dashboard(_ access: WorkspaceAccess, from: Date, to: Date, scope: Scope = .init(), listed: Int = 5,
                                  on database: any Database) async throws -> Dashboard {
        try access.require(.viewPosts)
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let earlierFrom = from.addingTimeInterval(-to.timeIntervalSince(from))
        try await AnalyticsRollup.ensure(access.workspace, from: earlierFrom, to: to, on: database)
        let range = PublicationStats.Range(workspace: access.workspaceID, from: from, to: to, channel: scope.channel, campaign: scope.campaign)
        var earlier = range
        (earlier.from, earlier.to) = (earlierFrom, from)
        let (current, days) = try await PublicationStats.byDay(range, on: sql)
        let previous = try await PublicationStats.totals(earlier, on: sql)
        let top = try await PublicationStats.ranked(range, best: true, limit: listed, on: sql)
        let bottom = try await PublicationStats.ranked(range, best: false, limit: min(listed, max(0, current.posts - listed)), on: sql)
        let listedPosts = try await performance(access, rows: try await AnalyticsRows.published(workspace: access.workspaceID, ids: top + bottom,
                                                                                                 on: database), on: database)
        let byID = Dictionary(listedPosts.map { ($0.publicationID, $0) }, uniquingKeysWith: { a, _ in a })
        // Follower counts belong to channels, not campaigns: a campaign's page shows its channels' followers.
        let followers = try await AnalyticsRows.followers(workspace: access.workspaceID, from: from, to: to, channel: scope.channel, on: database)
        return Dashboard(current: current, previous: previous, byDay: days, followerSamples: followers,
                         top: top.compactMap { byID[$0] }, bottom: bottom.compactMap { byID[$0] }, from: from, to: to, zone: access.workspace.zone)
    }

    /// What best time and content findings are built from: the last 180 days' settled posts (older
    /// than two days) added up per channel and group (kept by `AnalyticsWindow` as posts enter and
    /// leave those days), and each channel's usual post.
    struct Sums {
        var bases: ChannelBases
        var hours: [UUID: [Int: InteractionSums]] = [:]
        var groups: [ContentFindings.Key: [UUID: InteractionSums]] = [:]
        /// Posts on channels with a base.
        var posts = 0

        func bestTime(channel: UUID? = nil) -> BestTime {
            guard let channel else { return BestTime(hours: hours, bases: bases) }
            return BestTime(hours: hours.filter { $0.key == channel }, bases: ChannelBases(bases.bases.filter { $0.key == channel }))
        }

        var content: ContentFindings { ContentFindings(groups: groups, bases: bases, posts: posts) }

        mutating func add(_ dimension: ContentFindings.Dimension, _ value: String, _ channel: UUID, _ sums: InteractionSums) {
            groups[ContentFindings.Key(dimension: dimension, value: value), default: [:]][channel, default: InteractionSums()].add(sums)
        }
    }

    static func sums(_ access: WorkspaceAccess, channel: UUID?, now: Date, content: Bool, on database: any Database) async throws -> Sums {
        try access.require(.viewPosts)
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let from = now.addingTimeInterval(-lookBack), to = now.addingTimeInterval(-BestTime.settleTime)
        try await AnalyticsRollup.ensure(access.workspace, from: from, to: to, on: database)
        try await AnalyticsRollup.slide(access.workspace, from: from, to: to, on: database)
        let workspace = access.workspaceID
        let histogram = try await AnalyticsWindow.histogram(workspace: workspace, channel: channel, on: sql)
        var result = Sums(bases: ChannelBases(histogram: histogram))
        result.posts = histogram.filter { result.bases[$0.channel] != nil }.reduce(0) { $0 + $1.posts }
        for group in try await AnalyticsWindow.hours(workspace: workspace, channel: channel, on: sql) {
            result.hours[group.channel, default: [:]][group.hourOfWeek, default: InteractionSums()].add(group.sums)
            if content { result.add(.weekday, String(group.hourOfWeek / 24 + 1), group.channel, group.sums) }
        }
        guard content else { return result }
        for row in try await AnalyticsWindow.groups(workspace: workspace, channel: channel, on: sql) {
            result.add(row.dimension, row.value, row.channel, row.sums)
        }
        for row in try await AnalyticsWindow.campaigns(workspace: workspace, channel: channel, on: sql) {
            result.add(.campaign, row.campaign, row.channel, row.sums)
        }
        return result
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
        try await sums(access, channel: channel, now: now, content: true, on: database).content
    }

    /// The best-time grid of the last 180 days (one channel or all) and what it says about each channel's posting slots.
    package static func bestTime(_ access: WorkspaceAccess, channel: UUID?, now: Date = Date(), on database: any Database) async throws
        -> (BestTime, [(channel: SocialChannel, advice: [BestTime.SlotAdvice])]) {
        let sums = try await sums(access, channel: channel, now: now, content: false, on: database)
        return try await bestTime(access, sums: sums, channel: channel, on: database)
    }

    static func bestTime(_ access: WorkspaceAccess, sums: Sums, channel: UUID?, on database: any Database) async throws
        -> (BestTime, [(channel: SocialChannel, advice: [BestTime.SlotAdvice])]) {
        let grid = sums.bestTime()
        var channels = try await SocialChannel.scoped(to: access.workspaceID, on: database).filter(\.$archivedAt == nil).sort(\.$name).all()
        if let channel { channels = channels.filter { $0.id == channel } }
        var slots: [(channel: SocialChannel, advice: [BestTime.SlotAdvice])] = []
        for item in channels where !item.postingSlots.isEmpty {
            let own = channel == nil ? sums.bestTime(channel: item.id) : grid
            slots.append((item, (own.hasEnoughData ? own : grid).advice(for: item.postingSlots)))
        }
        return (grid, slots)
    }

    /// The best-time grid and content findings of the last 180 days (one channel or all), and what
    /// the grid says about each channel's posting slots (its own grid when it has enough posts).
    package static func findings(_ access: WorkspaceAccess, channel: UUID?, now: Date = Date(), on database: any Database) async throws
        -> (BestTime, [(channel: SocialChannel, advice: [BestTime.SlotAdvice])], ContentFindings) {
        let sums = try await sums(access, channel: channel, now: now, content: true, on: database)
        let (grid, slots) = try await bestTime(access, sums: sums, channel: channel, on: database)
        return (grid, slots, sums.content)
    }
}
