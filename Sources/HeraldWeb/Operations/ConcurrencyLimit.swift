import Vapor

/// At most `limit` requests are handled at once; the others wait their turn in arrival order,
/// before they have used any CPU. Two hundred pages rendering at once on two cores each take
/// two hundred times as long and crowd out what shares the process — the publishing worker's
/// tasks, the health check. Throughput is the same either way; what changes is that the worker
/// and `/healthz` (which never waits here) find the cores nearly free. A waiting request keeps
/// its deadline (`RequestDeadline` runs first), and one that gives up leaves the queue.
actor RequestGate {
    private let limit: Int
    private var running = 0
    private var waiting: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0

    init(limit: Int) { self.limit = max(1, limit) }

    func enter() async throws {
        if running < limit, waiting.isEmpty {
            running += 1
            return
        }
        nextID += 1
        let id = nextID
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiting.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    /// Hands the place to the next in line, or frees it.
    func leave() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().continuation.resume()
        }
    }

    private func cancel(_ id: UInt64) {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        waiting.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    var counts: (running: Int, waiting: Int) { (running, waiting.count) }
}

struct ConcurrencyLimit: AsyncMiddleware {
    let gate: RequestGate
    /// Paths that never wait (the health check must answer while everything else queues).
    static let exempt: Set<String> = ["/healthz", "/metrics"]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if Self.exempt.contains(request.url.path) { return try await next.respond(to: request) }
        try await gate.enter()
        do {
            let response = try await next.respond(to: request)
            await gate.leave()
            return response
        } catch {
            await gate.leave()
            throw error
        }
    }
}
