import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// Analytics: the period's figures against the period before (workspace, one channel or one
/// campaign), interactions per day, followers, the best and weakest posts; then best time to post
/// and what content works, from the last 180 days. Charts are SVG with a table behind each.
enum AnalyticsPage {
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let context = try await PageContext.make(req, access: access)
        let filter = try await AnalyticsFilter.parse(req, access)
        let overview = try await AnalyticsQuery.overview(access, from: filter.from, to: filter.to, scope: filter.scope, on: req.db)
        return .page(Layout.page(context, title: context.t(.navAnalytics), body: view(context, access: access, overview)))
    }

    static func view(_ context: PageContext, access: WorkspaceAccess, _ overview: AnalyticsQuery.Overview) -> HTML {
        let zone = access.workspace.zone
        let (fromDay, toDay) = ReportPeriod.days(overview.from, overview.to, in: zone)
        let base = SiteURL.workspace(access.workspaceID, .analytics).path
        let channelOptions = [("", context.t(.analyticsAll))] + overview.channels.compactMap { c in c.id.map { ($0.text, c.name) } }
        let campaignOptions = [("", context.t(.analyticsAll))] + overview.campaigns.compactMap { c in c.id.map { ($0.text, c.name) } }
        let csv = "\(SiteURL.workspace(access.workspaceID, .analyticsExport).path)?from=\(fromDay)&to=\(toDay)&channel=\(overview.scope.channel?.text ?? "")&campaign=\(overview.scope.campaign?.text ?? "")"
        let days = Int((overview.to.timeIntervalSince(overview.from) / 86_400).rounded())
        return """
        <h1>\(context.t(.navAnalytics))</h1>
        <form method="get" action="\(base)" class="inline filters">
        \(Layout.field(context, name: "from", label: context.t(.reportFrom), value: fromDay, type: "date", required: false))
        \(Layout.field(context, name: "to", label: context.t(.reportTo), value: toDay, type: "date", required: false))
        \(Layout.select(context, name: "channel", label: context.t(.analyticsChannel), options: channelOptions, selected: overview.scope.channel?.text ?? ""))
        \(Layout.select(context, name: "campaign", label: context.t(.analyticsCampaign), options: campaignOptions, selected: overview.scope.campaign?.text ?? ""))
        <button type="submit" class="secondary">\(context.t(.reportShow))</button>
        <a href="\(csv)">\(context.t(.reportCSV))</a>
        </form>
        <p class="hint">\(context.t(LocalizedText(.analyticsHint, fromDay, toDay, String(days))))</p>
        \(AnalyticsDashboardView.render(context, access: access, overview.dashboard, channels: overview.channels))
        \(BestTimeView.render(context, overview.bestTime, slots: overview.slots, zone: zone))
        \(ContentFindingsView.render(context, overview.content))
        """
    }
}
