import FluentKit
import Foundation
import HeraldCore
import HeraldJobs
import HeraldStore
import SQLKit

/// A report for a client over a period: the dashboard (summary against the period before, charts,
/// best and weakest posts), each campaign's results with its link clicks, the inbox's response
/// times when the period had conversations, and the most clicked links. Every member of the
/// workspace may open it — the client's approvers too — and every table comes as CSV.
package struct ClientReport: Sendable {
    package struct CampaignResult: Sendable, Equatable {
        package var name: String
        package var posts: Int
        package var interactions: Int
        package var clicks: Int
    }

    /// The tables a report has, each one CSV.
    package enum Table: String, CaseIterable, Sendable {
        case summary, days, followers, posts, campaigns, service, links
    }

    package var from: Date
    package var to: Date
    package var dashboard: Dashboard
    package var campaigns: [CampaignResult]
    /// Nil when no conversation arrived in the period.
    package var service: ServiceReport.Report?
    package var links: [LinkService.Row]
    package var channels: [SocialChannel]

    package static func build(_ access: WorkspaceAccess, from: Date, to: Date, on database: any Database) async throws -> ClientReport {
        try access.require(.viewPosts)
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let dashboard = try await AnalyticsQuery.dashboard(access, from: from, to: to, listed: 10, on: database)
        let links = try await LinkService.report(access, from: from, to: to, on: database)
        var clicks: [UUID: Int] = [:]
        for row in links { if let campaign = row.counted.link.campaignID { clicks[campaign, default: 0] += row.counted.clicks } }
        let campaigns = Dictionary(try await Campaign.scoped(to: access.workspaceID, on: database).all().compactMap { c in c.id.map { ($0, c.name) } },
                                   uniquingKeysWith: { a, _ in a })
        let range = PublicationStats.Range(workspace: access.workspaceID, from: from, to: to)
        let published = try await PublicationStats.byCampaign(range, on: sql)
        var results = published.compactMap { row in
            campaigns[row.campaign].map { CampaignResult(name: $0, posts: row.posts, interactions: row.interactions, clicks: clicks[row.campaign] ?? 0) }
        }
        // A campaign whose links were clicked in the period though its posts went out before.
        let listed = Set(published.map(\.campaign))
        for (campaign, count) in clicks where !listed.contains(campaign) {
            if let name = campaigns[campaign] { results.append(CampaignResult(name: name, posts: 0, interactions: 0, clicks: count)) }
        }
        results.sort { ($0.interactions, $0.clicks, $1.name) > ($1.interactions, $1.clicks, $0.name) }
        let service = try await ServiceReport.report(access, from: from, to: to, on: database)
        let channels = try await SocialChannel.scoped(to: access.workspaceID, on: database).sort(\.$name).all()
        return ClientReport(from: from, to: to, dashboard: dashboard, campaigns: results, service: service.total.items > 0 ? service : nil,
                            links: Array(links.filter { $0.counted.clicks > 0 }.prefix(20)), channels: channels)
    }

    /// One table as CSV (times and days in the workspace's zone; cells a spreadsheet would run are defused).
    package func csv(_ table: Table, zone: TimeZoneName) -> String {
        let cell = CSVTable.cell
        var lines: [String]
        switch table {
        case .summary:
            lines = ["measure,this_period,previous_period"]
            let (now, before) = (dashboard.current, dashboard.previous)
            lines.append("posts,\(now.posts),\(before.posts)")
            lines.append("interactions,\(now.interactions),\(before.interactions)")
            for metric in PostMetric.allCases where now.metrics[metric] != nil || before.metrics[metric] != nil {
                lines.append("\(metric.rawValue),\(now.metrics[metric].map(String.init) ?? ""),\(before.metrics[metric].map(String.init) ?? "")")
            }
            lines.append("engagement_rate_percent,\(dashboard.engagementRate.map { String(format: "%.2f", $0) } ?? ""),")
            lines.append("followers,\(dashboard.followers.last.map { String($0.followers) } ?? ""),")
            lines.append("follower_growth,\(dashboard.followerGrowth.map(String.init) ?? ""),")
        case .days:
            lines = ["date,posts,interactions"] + dashboard.days.map { "\($0.date),\($0.posts),\($0.interactions)" }
        case .followers:
            lines = ["date,followers"] + dashboard.followers.map { "\($0.date),\($0.followers)" }
        case .posts:
            let names = Dictionary(channels.compactMap { c in c.id.map { ($0, c.name) } }, uniquingKeysWith: { a, _ in a })
            lines = ["rank,published_at,channel,interactions,text"]
            for (list, rank) in [(dashboard.top, "best"), (dashboard.bottom, "weakest")] {
                for post in list {
                    lines.append([rank, Schedule.local(post.publishedAt, in: zone).description, cell(names[post.channelID] ?? ""),
                                  String(post.interactions), cell(post.text)].joined(separator: ","))
                }
            }
        case .campaigns:
            lines = ["campaign,posts,interactions,link_clicks"] + campaigns.map { "\(cell($0.name)),\($0.posts),\($0.interactions),\($0.clicks)" }
        case .service:
            return service.map(ServiceReport.csv) ?? "group,name,items,answered,resolved\n"
        case .links:
            lines = ["short_link_slug,target,label,channel,campaign,clicks,visitors"] + links.map { row in
                [row.counted.link.slug, cell(row.counted.link.target), cell(row.counted.link.bioLabel ?? ""), cell(row.channelName ?? ""),
                 cell(row.campaignName ?? ""), String(row.counted.clicks), String(row.counted.visitors)].joined(separator: ",")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Which reports a workspace keeps and whether it wants one every month.
package enum ReportService {
    package static func list(_ access: WorkspaceAccess, on database: any Database) async throws -> [ClientReports.Entry] {
        try access.require(.viewPosts)
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        return try await ClientReports.list(workspace: access.workspaceID, on: sql)
    }

    /// Monthly reports on or off; switching on makes last month's at once.
    package static func setMonthly(_ access: WorkspaceAccess, _ enabled: Bool, notifier: Notifier? = nil, now: Date = Date(),
                                   on database: any Database) async throws {
        try access.require(.manageSettings)
        let workspace = access.workspace
        workspace.monthlyReportsFlag = enabled
        try await workspace.save(on: database)
        if enabled {
            try await ClientReports.makeMonthly(now: now, workspace: access.workspaceID, on: database, announce: notifier?.reportAnnouncer(now: now))
        }
    }
}
