import Fluent
import HeraldApp
import HeraldStore
import Vapor

/// Reads the session cookie and, when it names a live session, makes its user the current user.
/// Sessions slide: each use more than an hour after the last pushes the expiry forward.
struct SessionAuthMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = request.cookies[CookieNames.session]?.string, !token.isEmpty {
            let now = Date()
            let session = try await UserSession.query(on: request.db)
                .filter(\.$tokenHash == SecretToken.hash(token))
                .filter(\.$expiresAt > now)
                .with(\.$user)
                .first()
            if let session {
                request.currentSession = session
                request.currentUser = session.user
                if now.timeIntervalSince(session.lastSeenAt) > 3600 {
                    session.lastSeenAt = now
                    session.expiresAt = now.addingTimeInterval(TimeInterval(request.application.herald.sessionLifetimeSeconds))
                    try await session.save(on: request.db)
                }
            }
        }
        return try await next.respond(to: request)
    }
}

/// Pages behind sign-in: anonymous visitors go to the sign-in page (or to setup on a new install).
struct RequireSignInMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.currentUser != nil else {
            if try await !TenancyQueries.isSetUp(on: request.db) {
                return request.redirect(to: SiteURL.setup.path)
            }
            let next = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
            return request.redirect(to: SiteURL.login.path + "?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
        }
        return try await next.respond(to: request)
    }
}
