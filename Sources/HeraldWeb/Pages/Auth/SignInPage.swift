import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// Sign in, sign out, and the language switch for visitors who are not signed in.
enum SignInPage {
    @Sendable static func show(req: Request) async throws -> Response {
        guard try await TenancyQueries.isSetUp(on: req.db) else { return req.redirect(to: SiteURL.setup.path) }
        if req.currentUser != nil { return req.redirect(to: req.returnPath) }
        return .page(render(try await PageContext.make(req), email: "", next: req.returnPath, error: nil))
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        let email = req.formValue("email") ?? ""
        let next = req.returnPath
        let config = req.application.herald
        do {
            let box = req.application.secretBox
            let (user, token) = try await SignInService.signIn(
                email: email, password: req.formValue("password"), ip: req.clientIP,
                userAgent: req.headers.first(name: .userAgent),
                limits: .init(maxFailures: config.loginMaxFailures, windowSeconds: config.loginWindowSeconds),
                sessionLifetime: config.sessionLifetimeSeconds, hasher: req.application.runtime.passwords,
                knownDeviceOf: KnownDevice.userID(from: req.cookies[KnownDevice.cookie]?.string, box: box), on: req.db)
            let response = req.redirect(to: next)
            response.cookies[CookieNames.session] = req.heraldCookie(token, maxAge: config.sessionLifetimeSeconds)
            response.cookies[KnownDevice.cookie] = req.heraldCookie(KnownDevice.value(for: try user.requireID(), box: box),
                                                                    maxAge: KnownDevice.lifetime)
            // A new CSRF token for the signed-in session: one planted before sign-in is worth nothing.
            response.cookies[CookieNames.csrf] = req.heraldCookie(SecretToken.generate(), maxAge: nil)
            return response
        } catch let error as ValidationError {
            return .page(render(try await PageContext.make(req), email: email, next: next, error: error), status: .unauthorized)
        } catch AppError.rateLimited(let seconds, let message) {
            let page = render(try await PageContext.make(req), email: email, next: next,
                              error: .init(code: "rate_limited", field: nil, message: message))
            let response = Response.page(page, status: .tooManyRequests)
            response.headers.replaceOrAdd(name: "Retry-After", value: String(seconds))
            return response
        }
    }

    @Sendable static func signOut(req: Request) async throws -> Response {
        try await SignInService.signOut(session: req.currentSession, on: req.db)
        let response = req.redirect(to: SiteURL.login.path + "?done=\(L.signedOut.rawValue)")
        response.cookies[CookieNames.session] = req.heraldCookie("", maxAge: 0)
        return response
    }

    /// `GET /language?set=ru&next=/login`: remembers a visitor's language in a cookie.
    @Sendable static func setLanguage(req: Request) async throws -> Response {
        let response = req.redirect(to: req.returnPath)
        if let raw = try? req.query.get(String.self, at: "set"), let language = Language(rawValue: raw) {
            response.cookies[CookieNames.language] = req.heraldCookie(language.rawValue, maxAge: 365 * 86_400)
            if let user = req.currentUser {
                user.language = language.rawValue
                try await user.save(on: req.db)
            }
        }
        return response
    }

    static func render(_ context: PageContext, email: String, next: String, error: ValidationError?) -> HTML {
        let failed: HTML = error.map { "<p class=\"error\" role=\"alert\">\(context.t($0.message))</p>" } ?? .empty
        return Layout.page(context, title: context.t(.signInTitle), body: """
            <h1>\(context.t(.signInTitle))</h1>
            \(failed)
            \(context.form(SiteURL.login.path, """
                <input type="hidden" name="next" value="\(next)">
                \(Layout.field(context, name: "email", label: context.t(.email), value: email, type: "email", autocomplete: "username"))
                \(Layout.field(context, name: "password", label: context.t(.password), type: "password", autocomplete: "current-password"))
                <button type="submit">\(context.t(.signInButton))</button>
                """))
            <p><a href="\(SiteURL.passwordForgot.path)">\(context.t(.forgotLink))</a></p>
            """)
    }
}
