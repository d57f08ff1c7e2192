import Vapor

/// Every request has a deadline (`HERALD_REQUEST_DEADLINE_SECONDS`, 30): past it the answer is
/// 503 and the handler's task is cancelled, so one slow page cannot hold a connection forever
/// while its client has long gone.
struct RequestDeadline: AsyncMiddleware {
    struct Exceeded: Error {}

    let seconds: Int

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await withThrowingTaskGroup(of: Response.self) { group in
            group.addTask { try await next.respond(to: request) }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                throw Exceeded()
            }
            defer { group.cancelAll() }
            guard let response = try await group.next() else { throw Exceeded() }
            return response
        }
    }
}
