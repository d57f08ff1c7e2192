import Fluent
import HeraldApp
import HeraldStore
import Vapor

/// The REST API's authentication: `Authorization: Bearer hld_…`, a personal token that is not
/// revoked. No cookie authentication on the API, so the API needs no CSRF defence.
struct TokenAuthMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization?.token, !bearer.isEmpty else {
            throw AppError.unauthorized
        }
        guard let token = try await APIToken.query(on: request.db)
            .filter(\.$tokenHash == SecretToken.hash(bearer))
            .filter(\.$revokedAt == nil)
            .with(\.$user)
            .first()
        else { throw AppError.unauthorized }
        request.currentUser = token.user
        let now = Date()
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            token.lastUsedAt = now
            try await token.save(on: request.db)
        }
        return try await next.respond(to: request)
    }
}
