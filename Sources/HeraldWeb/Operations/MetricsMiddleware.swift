import HeraldApp
import Vapor

/// Times every request and counts it under its route pattern (`/api/v1/workspaces/:workspace`).
/// Unmatched paths are counted as `unmatched` so scanners cannot create unbounded series.
struct MetricsMiddleware: Middleware {
    let metrics: HTTPMetrics

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let start = ContinuousClock.now
        return next.respond(to: request).always { [metrics] result in
            let status: UInt = (try? result.get())?.status.code ?? 500
            let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
            metrics.record(method: request.method.rawValue, route: route, status: status, duration: ContinuousClock.now - start)
        }
    }
}
