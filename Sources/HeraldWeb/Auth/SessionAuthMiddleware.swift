import Fluent
import HeraldApp
import HeraldStore
import Vapor

/// Reads the session cookie and, when it names a live session, makes its user the current user.
/// Sessions slide: each use more than an hour after the last pushes the expiry forward.
/// Written with Fluent's futures: as an async middleware it was one more task per page.
struct SessionAuthMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let token = request.cookies[CookieNames.session]?.string, !token.isEmpty else { return next.respond(to: request) }
        let now = Date()
        // Session and user in one joined statement (every page asks), read as a plain row (FrameRows).
        return FrameRows.session(tokenHash: SecretToken.hash(token), now: now, on: request.db)
            .flatMap { found -> EventLoopFuture<Void> in
                guard let (session, user) = found else { return request.eventLoop.makeSucceededVoidFuture() }
                request.currentSession = session
                request.currentUser = user
                guard now.timeIntervalSince(session.lastSeenAt) > 3600 else { return request.eventLoop.makeSucceededVoidFuture() }
                session.lastSeenAt = now
                session.expiresAt = now.addingTimeInterval(TimeInterval(request.application.herald.sessionLifetimeSeconds))
                return session.save(on: request.db)
            }
            .flatMap { next.respond(to: request) }
    }
}

/// Pages behind sign-in: anonymous visitors go to the sign-in page (or to setup on a new install).
struct RequireSignInMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.currentUser == nil else { return next.respond(to: request) }
        return request.eventLoop.makeFutureWithTask {
            if try await !TenancyQueries.isSetUp(on: request.db) {
                return request.redirect(to: SiteURL.setup.path)
            }
            let next = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
            return request.redirect(to: SiteURL.login.path + "?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
        }
    }
}
