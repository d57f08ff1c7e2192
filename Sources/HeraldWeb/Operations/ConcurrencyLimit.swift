import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// At most `limit` requests are handled at once; the others wait their turn in arrival order,
/// before they have used any CPU. Two hundred pages rendering at once on two cores each take
/// two hundred times as long and crowd out what shares the process — the publishing worker's
/// tasks, the health check. Throughput is the same either way; what changes is that the worker
/// and `/healthz` (which never waits here) find the cores nearly free. A request that waits past
/// its deadline leaves the queue (it has had its 503 from `RequestDeadline`) and takes nobody's place.
///
/// Promises under a lock rather than an actor: the gate is passed on every request, and an
/// actor behind an async middleware cost one more task and two hops per request.
final class RequestGate: Sendable {
    private struct State {
        var running = 0
        var waiting: [(id: UInt64, promise: EventLoopPromise<Void>)] = []
        var nextID: UInt64 = 0
    }

    private let limit: Int
    private let state = NIOLockedValueBox(State())

    init(limit: Int) { self.limit = max(1, limit) }

    /// A place, now or when one is handed on; failed with `RequestDeadline.Exceeded` if `deadline` passes first.
    func enter(on loop: any EventLoop, until deadline: NIODeadline? = nil) -> EventLoopFuture<Void> {
        let promise = loop.makePromise(of: Void.self)
        let id: UInt64? = state.withLockedValue { state in
            if state.running < limit, state.waiting.isEmpty {
                state.running += 1
                return nil
            }
            state.nextID += 1
            state.waiting.append((state.nextID, promise))
            return state.nextID
        }
        guard let id else {
            promise.succeed(())
            return promise.futureResult
        }
        if let deadline {
            let timer = loop.scheduleTask(deadline: deadline) { self.giveUp(id) }
            promise.futureResult.whenComplete { _ in timer.cancel() }
        }
        return promise.futureResult
    }

    /// Hands the place to the next in line, or frees it.
    func leave() {
        let next: EventLoopPromise<Void>? = state.withLockedValue { state in
            if state.waiting.isEmpty {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst().promise
        }
        next?.succeed(())
    }

    private func giveUp(_ id: UInt64) {
        let removed = state.withLockedValue { state -> EventLoopPromise<Void>? in
            guard let index = state.waiting.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiting.remove(at: index).promise
        }
        removed?.fail(RequestDeadline.Exceeded())
    }

    var counts: (running: Int, waiting: Int) { state.withLockedValue { ($0.running, $0.waiting.count) } }
}

struct ConcurrencyLimit: Middleware {
    let gate: RequestGate
    /// Whose client has gone (`PeerClosure`); nil: never asked.
    var peers: PeerClosure? = PeerClosure()
    /// The port this server listens on (the local side of every client's connection).
    var localPort: @Sendable (Request) -> Int? = { $0.application.http.server.shared.localAddress?.port }
    /// A request that waited at least this long is checked for a client that has gone.
    static let checkAfter: TimeAmount = .milliseconds(50)
    /// Paths that never wait (the health check must answer while everything else queues).
    static let exempt: Set<String> = ["/healthz", "/metrics"]

    /// Answered to a request whose client left while it waited (nginx's 499 "client closed
    /// request"): nobody reads it, the metrics count it.
    static let clientGone = HTTPResponseStatus(statusCode: 499, reasonPhrase: "Client Closed Request")

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        if Self.exempt.contains(request.url.path) { return next.respond(to: request) }
        let arrived = NIODeadline.now()
        // A request waits for its turn no longer than its deadline (set by `RequestDeadline`).
        return gate.enter(on: request.eventLoop, until: request.deadline).flatMap { [gate, peers, localPort] in
            // (A request made in memory, as tests make them, has no remote address and no socket.)
            if let peers, request.remoteAddress != nil, NIODeadline.now() - arrived >= Self.checkAfter,
               peers.hasClosed(remote: request.remoteAddress, localPort: localPort(request), since: arrived) {
                gate.leave()
                request.logger.debug("client gone while its request waited; not handled")
                return request.eventLoop.makeSucceededFuture(Response(status: Self.clientGone))
            }
            // A read's handler may stop at its next step once its client is gone (`StillWanted`).
            if let peers, request.remoteAddress != nil, request.method == .GET || request.method == .HEAD {
                request.clientWatch = ClientWatch(peers: peers, localPort: localPort, arrived: arrived)
            }
            return next.respond(to: request).always { _ in gate.leave() }
        }
    }
}
