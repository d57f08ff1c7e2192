import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// Posts on the calendar between two local dates of the workspace's zone, with filters.
package enum CalendarQuery {
    package struct Filters: Sendable {
        package var channel: UUID?
        package var campaign: UUID?
        package var status: PostStatus?
        package var author: UUID?

        package init(channel: UUID? = nil, campaign: UUID? = nil, status: PostStatus? = nil, author: UUID? = nil) {
            self.channel = channel
            self.campaign = campaign
            self.status = status
            self.author = author
        }
    }

    package struct Entry {
        package var post: Post
        package var local: LocalDateTime
        package var channels: [SocialChannel]
        package var campaign: Campaign?
        /// A channel's publication failed or its outcome is unknown.
        package var problem = false

        package init(post: Post, local: LocalDateTime, channels: [SocialChannel], campaign: Campaign? = nil, problem: Bool = false) {
            self.problem = problem
            self.post = post
            self.local = local
            self.channels = channels
            self.campaign = campaign
        }
    }

    /// Scheduled posts whose local date is in `from..<to` (both local midnights in `zone`).
    package static func scheduled(_ access: WorkspaceAccess, from: LocalDateTime, to: LocalDateTime, filters: Filters,
                          on database: any Database) async throws -> [Entry] {
        try access.require(.viewPosts)
        let zone = access.workspace.zone
        let start = Schedule.instant(of: from, in: zone).date, end = Schedule.instant(of: to, in: zone).date
        var query = Post.scoped(to: access.workspaceID, on: database)
            .filter(\.$scheduledAt >= start).filter(\.$scheduledAt < end)
        if let campaign = filters.campaign { query = query.filter(\.$campaignID == campaign) }
        if let status = filters.status { query = query.filter(\.$statusName == status.rawValue) }
        if let author = filters.author { query = query.filter(\.$author.$id == author) }
        return try await entries(access, posts: query.sort(\.$scheduledAt).all(), filters: filters, on: database)
    }

    /// Posts not on the calendar yet (drafts, in review, approved), newest first.
    package static func unscheduled(_ access: WorkspaceAccess, filters: Filters, on database: any Database) async throws -> [Entry] {
        try access.require(.viewPosts)
        var query = Post.scoped(to: access.workspaceID, on: database).filter(\.$scheduledAt == nil)
        if let campaign = filters.campaign { query = query.filter(\.$campaignID == campaign) }
        if let status = filters.status { query = query.filter(\.$statusName == status.rawValue) }
        if let author = filters.author { query = query.filter(\.$author.$id == author) }
        return try await entries(access, posts: query.sort(\.$createdAt, .descending).limit(200).all(), filters: filters,
                                 on: database)
    }

    private static func entries(_ access: WorkspaceAccess, posts: [Post], filters: Filters, on database: any Database)
        async throws -> [Entry]
    {
        let ids = posts.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let targets = try await PostTarget.scoped(to: access.workspaceID, on: database)
            .filter(\.$post.$id ~~ ids).with(\.$channel).all()
        let byPost = Dictionary(grouping: targets, by: { $0.$post.id })
        let campaigns = Dictionary(uniqueKeysWithValues: try await Campaign.scoped(to: access.workspaceID, on: database).all()
            .map { ($0.id!, $0) })
        let troubled = Set(try await PublicationRecord.scoped(to: access.workspaceID, on: database)
            .filter(\.$post.$id ~~ ids).filter(\.$stateName ~~ ["failed", "unknown"]).all().map { $0.$post.id })
        let zone = access.workspace.zone
        return posts.compactMap { post in
            let channels = (byPost[post.id!] ?? []).map(\.channel)
            if let channel = filters.channel, !channels.contains(where: { $0.id == channel }) { return nil }
            let local = post.scheduledAt.map { Schedule.local($0, in: zone) }
                ?? Schedule.local(post.createdAt ?? Date(), in: zone)
            return Entry(post: post, local: local, channels: channels, campaign: post.campaignID.flatMap { campaigns[$0] },
                         problem: troubled.contains(post.id!))
        }
    }
}
