@testable import HeraldWeb
import Testing
import Vapor

/// `herald bench web` crashed at shutdown: a handler whose client had gone was still running
/// when the database pools closed (`req.db` unwraps the pool). Shutdown now waits for it.
@Suite("Shutdown drains requests in flight")
struct RequestDrainTests {
    @Test("shutdown waits until the last request in flight has finished, and no longer than its limit")
    func waitsForRequests() async throws {
        let app = try await Application.make(.testing)
        let requests = InFlightRequests()
        // a request in flight that ends after 300 ms
        requests.enter()
        let started = ContinuousClock.now
        let finishing = Task {
            try await Task.sleep(for: .milliseconds(300))
            requests.leave()
        }
        // A limit far above 300 ms: it returns when the request ends, and on a starved two-core run
        // the 300 ms sleep itself was once not scheduled within 10 s.
        await DrainRequests(requests: requests, limit: .seconds(60)).shutdownAsync(app)
        #expect(ContinuousClock.now - started >= .milliseconds(300))
        #expect(requests.current == 0)
        try await finishing.value
        // one that never ends: shutdown goes on after the limit
        requests.enter()
        let capped = ContinuousClock.now
        await DrainRequests(requests: requests, limit: .milliseconds(200)).shutdownAsync(app)
        #expect(ContinuousClock.now - capped < .seconds(30), "gave up after its limit (generous bound: the suite may starve the pool)")
        #expect(requests.current == 1)
        requests.leave()
        try await app.asyncShutdown()
    }

    @Test("the middleware counts a request in while it runs and out when it answers or fails")
    func counts() async throws {
        let app = try await Application.make(.testing)
        let requests = InFlightRequests()
        let middleware = InFlightMiddleware(requests: requests)
        struct Seen: AsyncResponder {
            let requests: InFlightRequests
            let fail: Bool
            func respond(to request: Request) async throws -> Response {
                #expect(requests.current == 1)
                if fail { throw Abort(.internalServerError) }
                return Response(status: .ok)
            }
        }
        let request = Request(application: app, on: app.eventLoopGroup.any())
        _ = try await middleware.respond(to: request, chainingTo: Seen(requests: requests, fail: false)).get()
        _ = try? await middleware.respond(to: request, chainingTo: Seen(requests: requests, fail: true)).get()
        #expect(requests.current == 0)
        try await app.asyncShutdown()
    }
}
