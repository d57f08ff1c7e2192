import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// Reports for clients: the list (monthly reports, and a form for any period) and the report
/// itself — printable to PDF from the browser (the print stylesheet leaves navigation and forms
/// out), each table also as CSV (`?table=…&format=csv`).
enum ReportsPage {
    @Sendable static func list(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let reports = try await ReportService.list(access, on: req.db)
        return .page(listView(try await PageContext.make(req, access: access), access: access, reports: reports))
    }

    static func listView(_ context: PageContext, access: WorkspaceAccess, reports: [ClientReports.Entry]) -> HTML {
        let id = access.workspaceID
        let view = SiteURL.workspace(id, .report).path
        let items: [HTML] = reports.map { entry in
            "<li><a href=\"\(view)?from=\(entry.firstDay)&amp;to=\(entry.lastDay)\">\(entry.firstDay) – \(entry.lastDay)</a></li>"
        }
        let monthly: HTML = access.can(.manageSettings) ? context.form(SiteURL.workspace(id, .reportSettings).path, """
            <label class="check"><input type="checkbox" name="monthly"\(access.workspace.monthlyReportsFlag == true ? " checked" : "")> \(context.t(.reportsMonthly))</label>
            <button type="submit">\(context.t(.save))</button>
            """) : .empty
        let (fromDay, toDay) = ReportPeriod.days(Date().addingTimeInterval(-30 * 86_400), Date(), in: access.workspace.zone)
        return Layout.page(context, title: context.t(.navReports), body: """
            <h1>\(context.t(.navReports))</h1>
            <p class="hint">\(context.t(.reportsHint))</p>
            \(monthly)
            \(items.isEmpty ? "<p class=\"muted\">\(context.t(.reportsNone))</p>" as HTML : "<ul>\(items)</ul>")
            <section><h2>\(context.t(.reportsOpen))</h2>
            <form method="get" action="\(view)" class="inline filters">
            \(Layout.field(context, name: "from", label: context.t(.reportFrom), value: fromDay, type: "date", required: false))
            \(Layout.field(context, name: "to", label: context.t(.reportTo), value: toDay, type: "date", required: false))
            <button type="submit" class="secondary">\(context.t(.reportShow))</button></form></section>
            """)
    }

    @Sendable static func saveSettings(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try await ReportService.setMonthly(access, req.formValue("monthly") == "on", notifier: req.application.runtime.notifier, on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .reports).path + "?done=\(L.reportsSaved.rawValue)")
    }

    /// One table of the report as CSV (`?table=`), for the page and the API alike.
    static func csv(_ req: Request, _ report: ClientReport, zone: TimeZoneName) throws -> Response {
        let raw = req.query[String.self, at: "table"] ?? ""
        guard let table = ClientReport.Table(rawValue: raw) else {
            throw ValidationError(code: "invalid_table", field: "table",
                                  message: .init(.errorInvalidChoice, raw, ClientReport.Table.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        let fromDay = ReportPeriod.days(report.from, report.to, in: zone).0
        return StaticAsset.csv(report.csv(table, zone: zone), filename: "report-\(fromDay)-\(table.rawValue).csv")
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let zone = access.workspace.zone
        let (from, to) = try ReportPeriod.parse(zone, from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"],
                                                maxDays: AnalyticsFilter.maxDays)
        let report = try await ClientReport.build(access, from: from, to: to, on: req.db)
        if req.query[String.self, at: "format"] == "csv" { return try csv(req, report, zone: zone) }
        return .page(reportView(try await PageContext.make(req, access: access), access: access, report: report))
    }

    static func reportView(_ context: PageContext, access: WorkspaceAccess, report: ClientReport) -> HTML {
        let (fromDay, toDay) = ReportPeriod.days(report.from, report.to, in: access.workspace.zone)
        let language = context.language
        let base = SiteURL.workspace(access.workspaceID, .report).path + "?from=\(fromDay)&to=\(toDay)&format=csv&table="
        let downloads: [HTML] = ClientReport.Table.allCases.filter { $0 != .service || report.service != nil }.map { table in
            "<a href=\"\(base + table.rawValue)\">\(table.rawValue)</a>"
        }
        let campaigns: [[HTML]] = report.campaigns.map { row in
            ["\(row.name)", "\(NumberText.integer(row.posts, in: language))", "\(NumberText.integer(row.interactions, in: language))",
             "\(NumberText.integer(row.clicks, in: language))"]
        }
        let links: [[HTML]] = report.links.map { row in
            let link = row.counted.link
            return ["<span class=\"wrap\">\(link.bioLabel ?? link.target)</span>", "\(row.channelName ?? "")", "\(row.campaignName ?? "")",
                    "\(NumberText.integer(row.counted.clicks, in: language))", "\(NumberText.integer(row.counted.visitors, in: language))"]
        }
        let service: HTML = report.service.map { service in
            var total = service.total
            total.name = context.t(.reportTotal)
            return ServiceReportView.table(context, .clientReportService, [total] + service.byChannel)
        } ?? .empty
        return Layout.page(context, title: context.t(.navReports), body: """
            <article class="report">
            <h1>\(context.t(LocalizedText(.clientReportTitle, access.workspace.name, fromDay, toDay)))</h1>
            <p class="hint no-print">\(context.t(.clientReportPrintHint))</p>
            <form method="get" class="inline filters no-print">
            \(Layout.field(context, name: "from", label: context.t(.reportFrom), value: fromDay, type: "date", required: false))
            \(Layout.field(context, name: "to", label: context.t(.reportTo), value: toDay, type: "date", required: false))
            <button type="submit" class="secondary">\(context.t(.reportShow))</button></form>
            <p class="no-print">\(context.t(.clientReportTables)) \(downloads.map(\.rendered).joined(separator: " · ").asHTML)</p>
            \(AnalyticsDashboardView.render(context, access: access, report.dashboard, channels: report.channels))
            <section><h2>\(context.t(.clientReportCampaigns))</h2>
            \(campaigns.isEmpty ? "<p class=\"muted\">\(context.t(.clientReportNoCampaigns))</p>" as HTML
                : DataTable([.init(context.t(.contentCampaign)), .init(context.t(.analyticsPosts), numeric: true),
                             .init(context.t(.analyticsInteractions), numeric: true), .init(context.t(.clientReportLinkClicks), numeric: true)],
                            cells: campaigns).html)</section>
            \(service)
            \(links.isEmpty ? .empty : """
                <section><h2>\(context.t(.clientReportLinks))</h2>\(DataTable([.init(context.t(.linksColumnTarget)), .init(context.t(.linksColumnChannel)),
                    .init(context.t(.linksColumnCampaign)), .init(context.t(.linksColumnClicks), numeric: true),
                    .init(context.t(.linksColumnVisitors), numeric: true)], cells: links).html)</section>
                """)
            </article>
            """)
    }
}
