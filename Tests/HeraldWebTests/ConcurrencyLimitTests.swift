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

    #if os(Linux)
    /// A TCP connection on loopback: the listening socket, the client's and the accepted one.
    struct Connection {
        var listener: Int32, client: Int32, accepted: Int32, serverPort: Int, clientPort: Int

        static func open() throws -> Connection {
            func address(_ port: UInt16) -> sockaddr_in {
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = port.bigEndian
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                return address
            }
            func port(of socket: Int32) -> Int {
                var bound = sockaddr_in(), length = socklen_t(MemoryLayout<sockaddr_in>.size)
                _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
                return Int(UInt16(bigEndian: bound.sin_port))
            }
            let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var any = address(0)
            let bound = withUnsafePointer(to: &any) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard bound == 0, listen(listener, 4) == 0 else { throw Abort(.internalServerError, reason: "listen failed") }
            let serverPort = port(of: listener)
            let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var server = address(UInt16(serverPort))
            let connected = withUnsafePointer(to: &server) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard connected == 0 else { throw Abort(.internalServerError, reason: "connect failed") }
            let accepted = accept(listener, nil, nil)
            return Connection(listener: listener, client: client, accepted: accepted, serverPort: serverPort, clientPort: port(of: client))
        }

        var remote: SocketAddress { get throws { try SocketAddress(ipAddress: "127.0.0.1", port: clientPort) } }
    }

    @Test("the kernel's socket table tells a client that closed its connection from one still connected",
          .enabled(if: PeerClosure.read() != nil, "the kernel's socket table (sock_diag netlink) cannot be read here"))
    func peerClosure() async throws {
        let connection = try Connection.open()
        let peers = PeerClosure(refresh: .zero)
        #expect(!peers.hasClosed(remote: try connection.remote, localPort: connection.serverPort, since: .now()))
        close(connection.client)
        try await Task.sleep(for: .milliseconds(50))
        #expect(peers.hasClosed(remote: try connection.remote, localPort: connection.serverPort, since: .now()))
        #expect(!peers.hasClosed(remote: try connection.remote, localPort: connection.serverPort + 1, since: .now()), "another server's port")
        #expect(!peers.hasClosed(remote: nil, localPort: connection.serverPort, since: .now()))
        close(connection.accepted)
        close(connection.listener)

        // A client that resets its connection (SO_LINGER 0) leaves nothing in the table: gone too.
        let reset = try Connection.open()
        #expect(!peers.hasClosed(remote: try reset.remote, localPort: reset.serverPort, since: .now()))
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(reset.client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close(reset.client)
        try await Task.sleep(for: .milliseconds(50))
        #expect(peers.hasClosed(remote: try reset.remote, localPort: reset.serverPort, since: .now()))
        close(reset.accepted)
        close(reset.listener)
    }

    @Test("a connection opened after the table was read is not taken for gone: only a table read after the request arrived counts",
          .enabled(if: PeerClosure.read() != nil, "the kernel's socket table (sock_diag netlink) cannot be read here"))
    func newerThanTable() async throws {
        let peers = PeerClosure(refresh: .seconds(60))
        let first = try Connection.open()
        #expect(!peers.hasClosed(remote: try first.remote, localPort: first.serverPort, since: .now()))  // reads the table
        let arrived = NIODeadline.now()
        let second = try Connection.open()
        #expect(!peers.hasClosed(remote: try second.remote, localPort: second.serverPort, since: arrived),
                "the first table is older than this request and does not hold its connection")
        close(second.client)
        try await Task.sleep(for: .milliseconds(50))
        #expect(peers.hasClosed(remote: try second.remote, localPort: second.serverPort, since: .now()))
        close(first.client)
        for connection in [first, second] {
            close(connection.accepted)
            close(connection.listener)
        }
    }

    @Test("a request whose client left while it waited is not handled (499); one whose client stays is",
          .enabled(if: PeerClosure.read() != nil, "the kernel's socket table (sock_diag netlink) cannot be read here"))
    func clientGone() async throws {
        let app = try await Application.make(.testing)
        let (gone, stays) = (try Connection.open(), try Connection.open())
        let gate = RequestGate(limit: 1)
        let meter = Meter()
        let loop = app.eventLoopGroup.any()
        func middleware(_ port: Int) -> ConcurrencyLimit {
            ConcurrencyLimit(gate: gate, peers: PeerClosure(refresh: .zero), localPort: { _ in port })
        }
        try await gate.enter(on: loop).get()  // the only place is taken
        let left = middleware(gone.serverPort).respond(
            to: Request(application: app, url: "/w/x/calendar", remoteAddress: try gone.remote, on: loop), chainingTo: Slow(meter: meter))
        let waiting = middleware(stays.serverPort).respond(
            to: Request(application: app, url: "/w/x/calendar", remoteAddress: try stays.remote, on: loop), chainingTo: Slow(meter: meter))
        close(gone.client)
        try await Task.sleep(for: .milliseconds(100))
        gate.leave()
        #expect(try await left.get().status.code == 499)
        #expect(try await waiting.get().status == .ok)
        #expect(meter.peak == 1, "only the request of the client that stayed ran")
        #expect(gate.counts.running == 0 && gate.counts.waiting == 0)
        for socket in [gone.accepted, gone.listener, stays.client, stays.accepted, stays.listener] { close(socket) }
        try await app.asyncShutdown()
    }

    /// A handler in two steps with `checkStillWanted()` between them, as a page between its reads.
    final class TwoSteps: AsyncResponder {
        let reached = Mutex<[String]>([])
        func respond(to request: Request) async throws -> Response {
            try await Task.sleep(for: .milliseconds(150))
            try request.checkStillWanted()
            reached.withLock { $0.append(request.url.path) }
            return Response(status: .ok)
        }
    }

    @Test("a running read whose client left stops at its next step (499); a write whose client left, and a read whose client stays, run to their end",
          .enabled(if: PeerClosure.read() != nil, "the kernel's socket table (sock_diag netlink) cannot be read here"))
    func runningReadStops() async throws {
        let app = try await Application.make(.testing)
        let loop = app.eventLoopGroup.any()
        let handler = TwoSteps()
        let connections = try (0..<3).map { _ in try Connection.open() }
        let (leavingRead, leavingWrite, staying) = (connections[0], connections[1], connections[2])
        func send(_ method: HTTPMethod, _ path: String, over connection: Connection) throws -> EventLoopFuture<Response> {
            let limit = ConcurrencyLimit(gate: RequestGate(limit: 4), peers: PeerClosure(refresh: .zero), localPort: { _ in connection.serverPort })
            let request = Request(application: app, method: method, url: URI(path: path), remoteAddress: try connection.remote, on: loop)
            return HeraldErrorMiddleware(environment: .testing).makeResponder(chainingTo: limit.makeResponder(chainingTo: handler)).respond(to: request)
        }
        let read = try send(.GET, "/left-read", over: leavingRead)
        let write = try send(.POST, "/left-write", over: leavingWrite)
        let kept = try send(.GET, "/kept-read", over: staying)
        try await Task.sleep(for: .milliseconds(40))
        close(leavingRead.client)
        close(leavingWrite.client)
        #expect(try await read.get().status.code == 499)
        #expect(try await write.get().status == .ok)
        #expect(try await kept.get().status == .ok)
        #expect(Set(handler.reached.withLock { $0 }) == ["/left-write", "/kept-read"], "the read whose client left stopped before its second step")
        for connection in connections {
            if connection.client != leavingRead.client && connection.client != leavingWrite.client { close(connection.client) }
            close(connection.accepted)
            close(connection.listener)
        }
        try await app.asyncShutdown()
    }
    #endif

    @Test("a running read past its deadline stops at its next step; a request made in memory (no socket) is otherwise never stopped")
    func runningReadPastDeadline() async throws {
        let app = try await Application.make(.testing)
        let loop = app.eventLoopGroup.any()
        let past = Request(application: app, method: .GET, url: "/past", on: loop)
        past.deadline = .now() + .milliseconds(50)
        #expect(throws: Abandoned(reason: .deadlinePassed)) { try past.checkStillWanted(now: .now() + .milliseconds(60)) }
        #expect(throws: Never.self, "a streamed body outlives the deadline") {
            try past.checkStillWanted(now: .now() + .milliseconds(60), deadline: false)
        }
        let write = Request(application: app, method: .POST, url: "/write", on: loop)
        write.deadline = .now()
        #expect(throws: Never.self) { try write.checkStillWanted(now: .now() + .seconds(1)) }
        let plain = Request(application: app, method: .GET, url: "/plain", on: loop)
        #expect(throws: Never.self) { try plain.checkStillWanted(now: .now() + .seconds(60)) }

        let handler = TwoSteps()
        let answer = try await HeraldErrorMiddleware(environment: .testing).makeResponder(chainingTo: handler).respond(to: past).get()
        #expect(answer.status == .serviceUnavailable)
        #expect(handler.reached.withLock { $0 }.isEmpty)
        try await app.asyncShutdown()
    }
}
