import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// Posts on the calendar between two local dates of the workspace's zone, with filters.
package enum CalendarQuery {
    package struct Filters: Sendable, Hashable {
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

        /// From the API's `?status=&channel=&campaign=&author=`, strictly: a value that is not a
        /// status or not an id is refused by name, and so is a channel or campaign this workspace
        /// does not have (the same answer whether it is unknown or another workspace's). The web's
        /// filter links are made by its own forms.
        package static func parse(status: String?, channel: String?, campaign: String?, author: String?,
                                  in access: WorkspaceAccess, on database: any Database) async throws -> Filters {
            func id(_ raw: String?, _ field: String) throws(ValidationError) -> UUID? {
                guard let raw, !raw.isEmpty else { return nil }
                guard let id = UUID(text: raw) else { throw ValidationError(code: "invalid_id", field: field, message: .init(.errorInvalidID, raw)) }
                return id
            }
            var filters = Filters(channel: try id(channel, "channel"), campaign: try id(campaign, "campaign"), author: try id(author, "author"))
            if let status, !status.isEmpty {
                guard let chosen = PostStatus(rawValue: status) else {
                    throw ValidationError(code: "invalid_choice", field: "status",
                                          message: .init(.errorInvalidChoice, status, PostStatus.allCases.map(\.rawValue).joined(separator: ", ")))
                }
                filters.status = chosen
            }
            // Checked as the analytics filters are (`AnalyticsQuery.Scope.checked`): a typo is said, not shown as an empty list.
            try await AnalyticsQuery.Scope(channel: filters.channel, campaign: filters.campaign).checked(in: access, on: database)
            return filters
        }
    }

    /// A post as the calendar and the list show it (read as plain rows, `CalendarRows`).
    package struct Entry {
        package var id: UUID
        package var status: PostStatus
        package var excerpt: String
        package var local: LocalDateTime
        package var channels: [CalendarRows.Channel]
        package var campaign: Campaign?
        /// A channel's publication failed or its outcome is unknown.
        package var problem = false
    }

    /// What the calendar's filters offer, and whether the workspace has posts at all (a new one
    /// gets its first steps instead of an empty grid).
    package struct Choices {
        package var channels: [CalendarRows.Channel]
        package var campaigns: [Campaign]
        package var members: [(UUID, String)]
        package var hasPosts: Bool
    }

    /// `campaigns`: the workspace's (`CampaignService.list`), read once by the page for its entries
    /// and its filters; whether the workspace has posts is asked only when the page showed none.
    package static func choices(_ access: WorkspaceAccess, campaigns: [Campaign], showedPosts: Bool,
                                on database: any Database) async throws -> Choices {
        var hasPosts = showedPosts
        if !hasPosts { hasPosts = try await Post.scoped(to: access.workspaceID, on: database).field(\.$id).first() != nil }
        try access.require(.viewChannels)
        let (channels, members) = try await CalendarRows.filterChoices(workspaceID: access.workspaceID, on: database)
        return Choices(channels: channels, campaigns: campaigns, members: members, hasPosts: hasPosts)
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
                             campaigns: [Campaign], on database: any Database) async throws -> Grid {
        try access.require(.viewPosts)
        let zone = access.workspace.zone
        var dates: [LocalDateTime] = []
        var day = from
        while day < to, dates.count < 62 { dates.append(day); day = day.adding(days: 1) }
        let bounds = (dates + [to]).map { Schedule.instant(of: $0, in: zone).date }
        let days = try await CalendarDays.read(filter(access, filters), bounds: bounds, first: perDay, on: database)
        var hidden: [String: Int] = [:]
        for (index, count) in days.counts.enumerated() where count > perDay { hidden[dates[index].dateString] = count - perDay }
        let rows = try await CalendarRows.decorate(days.posts, workspaceID: access.workspaceID, on: database)
        return Grid(entries: entries(access, rows: rows, campaigns: campaigns), hidden: hidden)
    }

    /// One page of the scheduled posts in `from..<to`, in time order.
    package static func scheduled(_ access: WorkspaceAccess, from: LocalDateTime, to: LocalDateTime, filters: Filters,
                                  page: PageRequest = PageRequest(limit: PageRequest.maxLimit), campaigns: [Campaign],
                                  on database: any Database) async throws
        -> (items: [Entry], next: Int?)
    {
        try access.require(.viewPosts)
        let zone = access.workspace.zone
        let found = try await CalendarRows.scheduledPage(
            filter(access, filters), start: Schedule.instant(of: from, in: zone).date, end: Schedule.instant(of: to, in: zone).date,
            limit: page.limit, offset: page.offset, on: database)
        let next = found.count > page.limit ? page.offset + page.limit : nil
        let rows = try await CalendarRows.decorate(Array(found.prefix(page.limit)), workspaceID: access.workspaceID, on: database)
        return (entries(access, rows: rows, campaigns: campaigns), next)
    }

    static func filter(_ access: WorkspaceAccess, _ filters: Filters) -> PostFilter {
        PostFilter(workspaceID: access.workspaceID, channel: filters.channel, campaign: filters.campaign,
                   status: filters.status?.rawValue, author: filters.author)
    }

    /// Posts not on the calendar yet (drafts, in review, approved), newest first.
    package static func unscheduled(_ access: WorkspaceAccess, filters: Filters, campaigns: [Campaign],
                                    on database: any Database) async throws -> [Entry] {
        try access.require(.viewPosts)
        let found = try await CalendarRows.unscheduled(filter(access, filters), limit: 200, on: database)
        let rows = try await CalendarRows.decorate(found, workspaceID: access.workspaceID, on: database)
        return entries(access, rows: rows, campaigns: campaigns)
    }

    /// `campaigns`: every campaign of the workspace.
    private static func entries(_ access: WorkspaceAccess, rows: [CalendarRows.Row], campaigns all: [Campaign]) -> [Entry] {
        let campaigns = Dictionary(all.compactMap { campaign in campaign.id.map { ($0, campaign) } }, uniquingKeysWith: { first, _ in first })
        let zone = access.workspace.zone
        return rows.map { row in
            Entry(id: row.id, status: PostStatus(rawValue: row.status) ?? .draft,
                  excerpt: Post.excerpt(of: row.text), local: Schedule.local(row.scheduledAt ?? row.createdAt ?? Date(), in: zone),
                  channels: row.channels, campaign: row.campaignID.flatMap { campaigns[$0] }, problem: row.problem)
        }
    }
}
