import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// Every request has a deadline (`HERALD_REQUEST_DEADLINE_SECONDS`, 30): past it the client gets
/// 503 with `Retry-After`, whatever the handler is still doing, so a slow page cannot hold a
/// connection forever. Vapor 4 runs each async handler as a task of its own, which no middleware
/// can cancel: a read stops at its next step (`StillWanted`), a write runs on to its end (see
/// docs/decisions.md).
///
/// Written with the event loop's futures rather than as an `AsyncMiddleware`: Vapor runs every
/// async middleware as one more task, each a hop from the event loop and back per request.
struct RequestDeadline: Middleware {
    struct Exceeded: Error {}

    let seconds: Int

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let loop = request.eventLoop
        request.deadline = .now() + .seconds(Int64(seconds))
        let promise = loop.makePromise(of: Response.self)
        // Whichever comes first answers; the other finds the answer given.
        let answered = NIOLockedValueBox(false)
        @Sendable func claim() -> Bool { answered.withLockedValue { given in defer { given = true }; return !given } }
        let timer = loop.scheduleTask(deadline: request.deadline!) {
            if claim() { promise.fail(Exceeded()) }
        }
        next.respond(to: request).whenComplete { result in
            timer.cancel()
            if claim() { promise.completeWith(result) }
        }
        return promise.futureResult
    }
}

extension Request {
    private struct DeadlineKey: StorageKey { typealias Value = NIODeadline }

    /// When this request's answer is due (`RequestDeadline`); what waits on its behalf gives up then.
    var deadline: NIODeadline? {
        get { storage[DeadlineKey.self] }
        set { storage[DeadlineKey.self] = newValue }
    }
}
