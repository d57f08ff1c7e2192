import HeraldCore
import Vapor

/// One log line per request with its id (from `X-Request-Id` or generated; Vapor puts it in the
/// logger's metadata), and the id echoed back so a user can quote it.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Request-Id", value: request.id)
        let elapsed = ContinuousClock.now - start
        let milliseconds = elapsed.inSeconds * 1000
        request.logger.info("\(request.method) \(request.url.path) \(response.status.code)", metadata: [
            "status": .stringConvertible(response.status.code),
            "duration_ms": .string(String(format: "%.1f", milliseconds)),
        ])
        return response
    }
}
