@testable import HeraldWeb
import HeraldTestSupport
import NIOCore
import Synchronization
import Testing
import Vapor

/// Pages wait their turn so that the worker and the health check find the cores free.
@Suite("At most N requests at once")
struct ConcurrencyLimitTests {
    final class Meter: Sendable {
        let now = Mutex((running: 0, peak: 0))
        func enter() { now.withLock { $0.running += 1; $0.peak = max($0.peak, $0.running) } }
        func leave() { now.withLock { $0.running -= 1 } }
        var peak: Int { now.withLock { $0.peak } }
    }

    struct Slow: AsyncResponder {
        let meter: Meter
        func respond(to request: Request) async throws -> Response {
            meter.enter()
            defer { meter.leave() }
            try await Task.sleep(for: .milliseconds(50))
            return Response(status: .ok)
        }
    }

    @Test("six requests through a gate of two: never more than two at once, all answered; /healthz passes a full gate")
    func limit() async throws {
        let app = try await Application.make(.testing)
        let gate = RequestGate(limit: 2)
        let middleware = ConcurrencyLimit(gate: gate)
        let meter = Meter()
        let loop = app.eventLoopGroup.any()
        let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await middleware.respond(to: Request(application: app, url: "/w/x/calendar", on: loop),
                                                 chainingTo: Slow(meter: meter)).get().status
                }
            }
            // while the gate is full, the health check is not held
            try await Task.sleep(for: .milliseconds(10))
            let health = try await middleware.respond(to: Request(application: app, url: "/healthz", on: loop),
                                                      chainingTo: Slow(meter: Meter())).get()
            let waiting = gate.counts.waiting
            #expect(health.status == .ok && waiting > 0)
            return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
        }
        #expect(statuses.count == 6 && statuses.allSatisfy { $0 == .ok })
        #expect(meter.peak == 2)
        let after = gate.counts
        #expect(after.running == 0 && after.waiting == 0)
        try await app.asyncShutdown()
    }

    @Test("a request that waits past its deadline leaves the queue and takes nobody's place; the next in line gets it")
    func pastDeadline() async throws {
        let gate = RequestGate(limit: 1)
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        try await gate.enter(on: loop).get()
        let late = gate.enter(on: loop, until: NIODeadline.now() + .milliseconds(100))
        let patient = gate.enter(on: loop, until: NIODeadline.now() + .seconds(30))
        #expect(gate.counts.waiting == 2)
        await #expect(throws: RequestDeadline.Exceeded.self) { try await late.get() }
        #expect(gate.counts.waiting == 1, "only the late one left")
        gate.leave()
        try await patient.get()
        #expect(gate.counts.running == 1 && gate.counts.waiting == 0, "the place went to the next in line")
        gate.leave()
        #expect(gate.counts.running == 0)
    }

    @Test("a request past its deadline answers 503 at the deadline (with Retry-After, a request id and the security headers), not when its handler ends")
    func deadline() async throws {
        try await withHerald({ $0.requestDeadlineSeconds = 1 }) { app in
            app.get("test-slow") { _ async throws -> String in
                try await Task.sleep(for: .seconds(5))
                return "late"
            }
            app.get("test-quick") { _ async throws -> String in "on time" }
            let browser = try TestBrowser(app: app)
            let start = ContinuousClock.now
            let answer = try await browser.send(.GET, "/test-slow", headers: [:], body: nil)
            let waited = ContinuousClock.now - start
            #expect(answer.status == .serviceUnavailable && answer.headers.first(name: "Retry-After") == "5")
            #expect(waited >= .milliseconds(900) && waited < .seconds(4), "answered after \(waited)")
            #expect(answer.headers.first(name: "X-Request-Id") != nil && answer.headers.first(name: "X-Frame-Options") == "DENY")
            // A quick answer is untouched by the deadline.
            let quick = try await browser.send(.GET, "/test-quick", headers: [:], body: nil)
            #expect(quick.status == .ok && quick.text == "on time")
        }
    }
}
