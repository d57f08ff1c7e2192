import Fluent
import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// `/api/v1`: reports for clients — the list, the monthly setting, and a report (JSON, or one table as CSV).
enum ReportsAPI {
    static func register(_ api: any RoutesBuilder, workspace: any RoutesBuilder) {
        workspace.get("reports", use: list)
        workspace.put("reports", "settings", use: settings)
        workspace.get("reports", "view", use: show)
    }

    struct EntryDTO: Content {
        var id: UUID
        var firstDay: String
        var lastDay: String
        var createdAt: Date
    }

    struct ListDTO: Content {
        var monthly: Bool
        var items: [EntryDTO]
    }

    struct ReportDTO: Content {
        struct Campaign: Content {
            var name: String
            var posts: Int
            var interactions: Int
            var linkClicks: Int
        }

        var dashboard: AnalyticsDashboardDTO
        var campaigns: [Campaign]
        /// As `GET …/inbox/report` answers it, for the report's period.
        var service: ServiceReportDTO?
        /// As `GET …/links` answers them.
        var links: [LinksAPI.LinkDTO]
    }

    static func entries(_ access: WorkspaceAccess, on db: any Database) async throws -> ListDTO {
        let items = try await ReportService.list(access, on: db).map {
            EntryDTO(id: $0.id, firstDay: $0.firstDay, lastDay: $0.lastDay, createdAt: $0.createdAt)
        }
        return ListDTO(monthly: access.workspace.monthlyReportsFlag == true, items: items)
    }

    @Sendable static func list(req: Request) async throws -> ListDTO {
        try await entries(try await WorkspaceAccess.resolve(req), on: req.db)
    }

    @Sendable static func settings(req: Request) async throws -> ListDTO {
        let input = try req.decodeJSON(ReportSettingsInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        guard let monthly = input.monthly else { throw ValidationError(code: "required", field: "monthly", message: .init(.errorRequired)) }
        try await ReportService.setMonthly(access, monthly, notifier: req.application.runtime.notifier, on: req.db)
        return try await entries(access, on: req.db)
    }

    /// `?from=&to=` (YYYY-MM-DD, workspace zone; default the last 30 days); `?format=csv&table=` for one table.
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let zone = access.workspace.zone
        let (from, to) = try ReportPeriod.parse(zone, from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"],
                                                maxDays: AnalyticsFilter.maxDays)
        let report = try await ClientReport.build(access, from: from, to: to, on: req.db)
        if try req.asksCSV() { return try ReportsPage.csv(req, report, zone: zone) }
        // A table is one table of the CSV answer: asked for with JSON it would be silently ignored.
        if let table = req.query[String.self, at: "table"], !table.isEmpty {
            throw ValidationError(code: "table_without_csv", field: "table", message: .init(.errorTableNeedsCSV))
        }
        let dto = ReportDTO(
            dashboard: AnalyticsDashboardDTO(report.dashboard, from: from, to: to),
            campaigns: report.campaigns.map { .init(name: $0.name, posts: $0.posts, interactions: $0.interactions, linkClicks: $0.clicks) },
            service: report.service.map(ServiceReportDTO.init),
            links: report.links.map { LinksAPI.LinkDTO($0.counted, base: req.application.herald.baseURL) })
        return try await dto.encodeResponse(for: req)
    }
}

struct ReportSettingsInput: JSONInput {
    var monthly: Bool?

    enum CodingKeys: String, CodingKey, CaseIterable { case monthly }
}
