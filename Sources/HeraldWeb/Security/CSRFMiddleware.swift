import HeraldApp
import HeraldCore
import Vapor

/// Double-submit CSRF defence for every form: a random token in an HttpOnly, SameSite=Lax
/// cookie must come back in the form field `_csrf` (or the `X-CSRF-Token` header for scripts).
/// A page from another site can make the browser send the cookie but cannot read it to fill in
/// the field. Pages carry the token masked afresh each time (`CSRFMask`), so a compressed page
/// cannot give it away.
struct CSRFMiddleware: Middleware {
    static let fieldName = "_csrf"

    /// Reading pages passes straight on (on the event loop's futures); only a form sent is
    /// checked in a task, which may have to collect the body for its token.
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let cookie = request.cookies[CookieNames.csrf]?.string
        let existing = cookie?.isEmpty == false ? cookie : nil
        guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method) else {
            return respond(to: request, token: existing, chainingTo: next)
        }
        return request.eventLoop.makeFutureWithTask { try await Self.check(request, existing: existing) }
            .flatMap { respond(to: request, token: existing, chainingTo: next) }
    }

    private static func check(_ request: Request, existing: String?) async throws {
        // Middleware runs before the route collects the body; the token is in the body. It is
        // collected within the route's own limit (an upload form takes what the API takes).
        // An upload route streams its body to disk: its form's token is checked by
        // `StreamedUpload` as the fields arrive, before a byte of the file is written.
        let header = request.headers.first(name: "X-CSRF-Token")
        if header == nil, request.route?.streamsUpload == true {
            guard existing != nil, sameOrigin(request) else { throw refuse(request) }
            request.csrfPendingInBody = true
            return
        }
        if request.body.data == nil, header == nil {
            let limit = request.route?.bodyLimit ?? request.application.routes.defaultMaxBodySize.value
            _ = try await request.body.collect(max: limit).get()
        }
        guard Self.matches(request, sent: header ?? (try? request.content.get(String.self, at: fieldName))), sameOrigin(request) else {
            throw refuse(request)
        }
    }

    private func respond(to request: Request, token existing: String?, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let token = existing ?? SecretToken.generate()
        request.csrfToken = token
        return next.respond(to: request).map { response in
            if existing == nil {
                response.cookies[CookieNames.csrf] = request.heraldCookie(token, maxAge: nil)
            }
            return response
        }
    }
}

extension CSRFMiddleware {
    static func refuse(_ request: Request) -> AppError {
        request.logger.notice("CSRF check failed", metadata: ["path": .string(request.url.path.debugDescription)])
        return .csrf
    }

    /// Whether a token sent (a form's field, a streamed form's field or `X-CSRF-Token`) is the one
    /// in this browser's cookie. Pages hold it masked (`CSRFMask`); scripts send what a page holds.
    static func matches(_ request: Request, sent: String?) -> Bool {
        guard let cookie = request.cookies[CookieNames.csrf]?.string, !cookie.isEmpty, let sent = sent.flatMap(CSRFMask.unmasked) else { return false }
        return SecretToken.constantTimeEquals(cookie, sent)
    }

    /// When the browser says where a form comes from (`Origin`, else `Referer`), it must be this
    /// site: its configured address or the host the request was sent to. Browsers send `Origin`
    /// with every cross-site POST, so a form on another site fails here even with a token.
    static func sameOrigin(_ request: Request) -> Bool {
        let claimed = request.headers.first(name: "Origin").flatMap { $0 == "null" ? nil : $0 }
            ?? request.headers.first(name: .referer)
        guard let claimed else { return true }
        guard let url = URL(string: claimed), let scheme = url.scheme, let host = url.host else { return false }
        let origin = "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
        var allowed: Set<String> = []
        if let base = URL(string: request.application.herald.baseURL), let baseScheme = base.scheme, let baseHost = base.host {
            allowed.insert("\(baseScheme)://\(baseHost)" + (base.port.map { ":\($0)" } ?? ""))
        }
        if let hostHeader = request.headers.first(name: .host) {
            allowed.insert("http://" + hostHeader)
            allowed.insert("https://" + hostHeader)
        }
        return allowed.contains(origin.lowercased()) || allowed.contains(origin)
    }
}

extension Request {
    private struct CSRFKey: StorageKey { typealias Value = String }

    /// The token forms must carry back (the cookie's).
    var csrfToken: String {
        get { storage[CSRFKey.self] ?? "" }
        set { storage[CSRFKey.self] = newValue }
    }

    /// The token as this page shows it in its forms: masked afresh (`CSRFMask`).
    var csrfFieldValue: String { CSRFMask.masked(csrfToken) }

    private struct PendingKey: StorageKey { typealias Value = Bool }

    /// A streamed upload whose form token is still to be read from its body (`StreamedUpload`
    /// refuses the upload without it).
    var csrfPendingInBody: Bool {
        get { storage[PendingKey.self] ?? false }
        set { storage[PendingKey.self] = newValue }
    }
}

extension Route {
    /// The most a route's body may hold, when it differs from the default (uploads): the CSRF
    /// check reads the form within it.
    var bodyLimit: Int? {
        get { userInfo["herald.bodyLimit"] as? Int }
        set { userInfo["herald.bodyLimit"] = newValue }
    }

    /// The route streams its body to `StreamedUpload`, which checks a form's token itself (Vapor
    /// does not tell a route's body strategy, so the registration says it).
    var streamsUpload: Bool {
        get { userInfo["herald.streamsUpload"] as? Bool ?? false }
        set { userInfo["herald.streamsUpload"] = newValue }
    }
}
