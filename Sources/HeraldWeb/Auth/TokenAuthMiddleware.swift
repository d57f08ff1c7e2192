import Fluent
import HeraldApp
import HeraldStore
import Vapor

/// The REST API's authentication: `Authorization: Bearer hld_…`, a personal token that is not
/// revoked. No cookie authentication on the API, so the API needs no CSRF defence.
///
/// Written with Fluent's futures: as an async middleware it was one more task per API request.
struct TokenAuthMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let bearer = request.headers.bearerAuthorization?.token, !bearer.isEmpty else {
            return request.eventLoop.makeFailedFuture(AppError.unauthorized)
        }
        // Token and user in one joined statement (every API request asks), read as a plain row (FrameRows).
        return FrameRows.token(tokenHash: SecretToken.hash(bearer), on: request.db)
            .flatMap { found -> EventLoopFuture<Void> in
                guard let (token, user) = found else { return request.eventLoop.makeFailedFuture(AppError.unauthorized) }
                request.currentUser = user
                let now = Date()
                guard token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true else { return request.eventLoop.makeSucceededVoidFuture() }
                token.lastUsedAt = now
                return token.save(on: request.db)
            }
            .flatMap { next.respond(to: request) }
    }
}
