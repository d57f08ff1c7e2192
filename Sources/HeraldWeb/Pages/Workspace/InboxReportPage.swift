import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// Inbox → Response times: first-answer and settling times (business hours) for a period, by
/// person, department and channel — median and 90th percentile — as a page and as CSV.
enum InboxReportPage {
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let rawFrom = req.query[String.self, at: "from"], rawTo = req.query[String.self, at: "to"]
        let (from, to) = try ReportPeriod.parse(access.workspace.zone, from: rawFrom, to: rawTo)
        let report = try await ServiceReport.report(access, from: from, to: to, on: req.db)
        if req.query[String.self, at: "format"] == "csv" {
            return StaticAsset.csv(ServiceReport.csv(report), filename: "response-times.csv")
        }
        return .page(view(try await PageContext.make(req, access: access), access: access, report: report, period: (from, to)))
    }

    static func view(_ context: PageContext, access: WorkspaceAccess, report: ServiceReport.Report, period: (from: Date, to: Date)) -> HTML {
        let (fromDay, toDay) = ReportPeriod.days(period.from, period.to, in: access.workspace.zone)
        let base = SiteURL.workspace(access.workspaceID, .inboxReport).path
        var total = report.total
        total.name = context.t(.reportTotal)
        return Layout.page(context, title: context.t(.reportTitle), body: """
            <h1>\(context.t(.reportTitle))</h1>
            <p class="hint">\(context.t(.reportHint))</p>
            <form method="get" action="\(base)" class="inline filters">
            \(Layout.field(context, name: "from", label: context.t(.reportFrom), value: fromDay, type: "date", required: false))
            \(Layout.field(context, name: "to", label: context.t(.reportTo), value: toDay, type: "date", required: false))
            <button type="submit" class="secondary">\(context.t(.reportShow))</button>
            <a href="\(base)?from=\(fromDay)&amp;to=\(toDay)&amp;format=csv">\(context.t(.reportCSV))</a>
            </form>
            \(ServiceReportView.table(context, .reportTotal, [total]))
            \(ServiceReportView.table(context, .reportByPerson, report.byPerson))
            \(ServiceReportView.table(context, .reportByDepartment, report.byDepartment))
            \(ServiceReportView.table(context, .reportByChannel, report.byChannel))
            """)
    }
}

/// A response-time table (first answer and settling, median and 90th percentile), for the inbox's
/// report and the report for clients alike.
enum ServiceReportView {
    static func table(_ context: PageContext, _ title: L, _ rows: [ServiceReport.Row]) -> HTML {
        let body: [[HTML]] = rows.map { row in
            ["\(row.name)", "\(row.items)", "\(row.answered)", "\(row.resolved)",
             "\(duration(context, row.firstResponse?.median))", "\(duration(context, row.firstResponse?.p90))",
             "\(duration(context, row.resolution?.median))", "\(duration(context, row.resolution?.p90))"]
        }
        let columns: [DataTable.Column] = [.init(context.t(.reportGroup))] + [
            L.reportItems, .reportAnswered, .reportResolved, .reportFirstMedian, .reportFirstP90, .reportResolutionMedian, .reportResolutionP90,
        ].map { DataTable.Column(context.t($0), numeric: true) }
        return "<section><h2>\(context.t(title))</h2>\(DataTable(columns, cells: body).html)</section>"
    }

    /// Business time in minutes, or hours and minutes, in the page's language.
    static func duration(_ context: PageContext, _ seconds: TimeInterval?) -> String {
        guard let seconds else { return "—" }
        let minutes = Int((seconds / 60).rounded())
        return minutes < 60 ? context.t(LocalizedText(.durationMinutes, String(minutes)))
            : context.t(LocalizedText(.durationHours, String(minutes / 60), String(format: "%02d", minutes % 60)))
    }
}
