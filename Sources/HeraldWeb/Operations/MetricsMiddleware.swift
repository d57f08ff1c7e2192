import HeraldApp
import Vapor

/// Times every request and counts it under its route pattern (`/api/v1/workspaces/:workspace`).
/// Unmatched paths are counted as `unmatched` so scanners cannot create unbounded series.
struct MetricsMiddleware: AsyncMiddleware {
    let metrics: HTTPMetrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        var status: UInt = 500
        defer {
            let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
            metrics.record(method: request.method.rawValue, route: route, status: status, duration: clock.now - start)
        }
        let response = try await next.respond(to: request)
        status = response.status.code
        return response
    }
}
