import HeraldApp
import HeraldCore
import Vapor

/// What an analytics request asks for — `?from=&to=` (YYYY-MM-DD in the workspace's zone, default
/// the last 30 days), `?channel=`, `?campaign=` — checked, for the page, the API and the CSV alike.
struct AnalyticsFilter {
    var from: Date
    var to: Date
    var scope: AnalyticsQuery.Scope

    /// The longest period a dashboard draws day by day (three years).
    static let maxDays = 1096

    static func parse(_ req: Request, _ access: WorkspaceAccess) async throws -> AnalyticsFilter {
        let query = { (key: String) in req.query[String.self, at: key] }
        let (from, to) = try ReportPeriod.parse(access.workspace.zone, from: query("from"), to: query("to"), maxDays: maxDays)
        let scope = try await AnalyticsQuery.Scope.parse(channel: query("channel"), campaign: query("campaign"), in: access, on: req.db)
        return AnalyticsFilter(from: from, to: to, scope: scope)
    }

    /// Every post of the period with its numbers, as CSV (`herald analytics export` writes the same):
    /// the page's download and `GET …/analytics/export`.
    @Sendable static func csv(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let filter = try await parse(req, access)
        return StaticAsset.csv(try await AnalyticsExport.csv(access, from: filter.from, to: filter.to, scope: filter.scope, on: req.db),
                               filename: "analytics.csv")
    }
}
