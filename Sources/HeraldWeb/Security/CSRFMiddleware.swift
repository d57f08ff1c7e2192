import HeraldApp
import HeraldCore
import Vapor

/// Double-submit CSRF defence for every form: a random token in an HttpOnly, SameSite=Lax
/// cookie must come back in the form field `_csrf` (or the `X-CSRF-Token` header for scripts).
/// A page from another site can make the browser send the cookie but cannot read it to fill in
/// the field.
struct CSRFMiddleware: AsyncMiddleware {
    static let fieldName = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let cookie = request.cookies[CookieNames.csrf]?.string
        let existing = cookie?.isEmpty == false ? cookie : nil
        if [.POST, .PUT, .PATCH, .DELETE].contains(request.method) {
            // Middleware runs before the route collects the body; the token is in the body.
            if request.body.data == nil {
                _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
            }
            let sent = request.headers.first(name: "X-CSRF-Token")
                ?? (try? request.content.get(String.self, at: Self.fieldName))
            guard let existing, let sent, SecretToken.constantTimeEquals(existing, sent) else {
                request.logger.notice("CSRF check failed", metadata: ["path": .string(request.url.path)])
                throw AppError.csrf
            }
        }
        let token = existing ?? SecretToken.generate()
        request.csrfToken = token
        let response = try await next.respond(to: request)
        if existing == nil {
            response.cookies[CookieNames.csrf] = request.heraldCookie(token, maxAge: nil)
        }
        return response
    }
}

extension Request {
    private struct CSRFKey: StorageKey { typealias Value = String }

    /// The token forms on this page must carry.
    var csrfToken: String {
        get { storage[CSRFKey.self] ?? "" }
        set { storage[CSRFKey.self] = newValue }
    }
}
