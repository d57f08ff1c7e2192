import Synchronization
import Vapor

/// Requests still being handled. The server stops taking connections before the application
/// shuts down, but a handler whose client has gone keeps running (until its deadline); closing
/// the database pools under it would crash the process on its next query. So the shutdown waits
/// for the count to reach zero first — at most the request deadline and a second.
final class InFlightRequests: Sendable {
    private let count = Atomic<Int>(0)

    var current: Int { count.load(ordering: .relaxed) }

    func enter() { count.add(1, ordering: .relaxed) }
    func leave() { count.subtract(1, ordering: .relaxed) }
}

/// Counts each request in and out (outermost, so errors rendered by later middleware count too).
struct InFlightMiddleware: Middleware {
    let requests: InFlightRequests

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        requests.enter()
        return next.respond(to: request).always { [requests] _ in requests.leave() }
    }
}

/// Registered after the databases, so it runs before they are shut down.
struct DrainRequests: LifecycleHandler {
    let requests: InFlightRequests
    let limit: Duration

    func shutdownAsync(_ application: Application) async {
        let until = ContinuousClock.now + limit
        guard requests.current > 0 else { return }
        application.logger.notice("Waiting for \(requests.current) requests in flight before closing the database")
        while requests.current > 0, ContinuousClock.now < until {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if requests.current > 0 {
            application.logger.warning("\(requests.current) requests still running at shutdown after \(limit)")
        }
    }
}
