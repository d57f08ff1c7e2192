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

    /// A grid cell shows at most this many posts; the rest of the day is counted ("+7 more").
    package static let perDay = 6
    /// What a month or week grid shows: at most `perDay` posts a day, and how many each day hides.
    package struct Grid: Sendable {
        package var entries: [Entry]
        /// By local date (`YYYY-MM-DD`).
        package var hidden: [String: Int]
    }

    /// Scheduled posts whose local date is in `from..<to` (local midnights in the workspace's
    /// zone), at most `perDay` a day: the days are counted and sampled in SQL (`CalendarDays`),
    /// only the shown posts are read in full. However many posts a workspace has, a grid costs a
    /// bounded amount of work and markup.
    package static func grid(_ access: WorkspaceAccess, from: LocalDateTime, to: LocalDateTime, filters: Filters,
                             on database: any Database) async throws -> Grid {
        try access.require(.viewPosts)
        let zone = access.workspace.zone
        var dates: [LocalDateTime] = []
        var day = from
        while day < to, dates.count < 62 { dates.append(day); day = day.adding(days: 1) }
        let bounds = (dates + [to]).map { Schedule.instant(of: $0, in: zone).date }
        let days = try await CalendarDays.read(
            CalendarDays.Filter(workspaceID: access.workspaceID, channel: filters.channel, campaign: filters.campaign,
                                status: filters.status?.rawValue, author: filters.author),
            bounds: bounds, first: perDay, on: database)
        let posts = days.ids.isEmpty ? [] : try await Post.scoped(to: access.workspaceID, on: database)
            .filter(\.$id ~~ days.ids).sort(\.$scheduledAt).sort(\.$id).all()
        var hidden: [String: Int] = [:]
        for (index, count) in days.counts.enumerated() where count > perDay { hidden[dates[index].dateString] = count - perDay }
        return Grid(entries: try await entries(access, posts: posts, filters: Filters(), on: database), hidden: hidden)
    }

    /// One page of the scheduled posts in `from..<to`, in time order.
    package static func scheduled(_ access: WorkspaceAccess, from: LocalDateTime, to: LocalDateTime, filters: Filters,
                                  page: PageRequest = PageRequest(limit: PageRequest.maxLimit), on database: any Database) async throws
        -> (items: [Entry], next: Int?)
    {
        try access.require(.viewPosts)
        let found = try await page.fetch(range(access, from: from, to: to, filters: filters, on: database)
            .sort(\.$scheduledAt).sort(\.$id))
        return (try await entries(access, posts: found.items, filters: Filters(), on: database), found.next)
    }

    /// The posts of a range with the filters applied in SQL (the channel through its targets).
    static func range(_ access: WorkspaceAccess, from: LocalDateTime, to: LocalDateTime, filters: Filters,
                      on database: any Database) -> QueryBuilder<Post> {
        let zone = access.workspace.zone
        let start = Schedule.instant(of: from, in: zone).date, end = Schedule.instant(of: to, in: zone).date
        var query = Post.scoped(to: access.workspaceID, on: database)
            .filter(\.$scheduledAt >= start).filter(\.$scheduledAt < end)
        if let campaign = filters.campaign { query = query.filter(\.$campaignID == campaign) }
        if let status = filters.status { query = query.filter(\.$statusName == status.rawValue) }
        if let author = filters.author { query = query.filter(\.$author.$id == author) }
        if let channel = filters.channel {
            query = query.join(PostTarget.self, on: \PostTarget.$post.$id == \Post.$id).filter(PostTarget.self, \.$channel.$id == channel)
        }
        return query
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
