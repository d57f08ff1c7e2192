import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// "Forgot password" and the page a password link opens (an invitation or a reset). Neither says
/// whether an address has an account; a link that was used or ran out says so and nothing else.
enum PasswordPages {
    @Sendable static func forgot(req: Request) async throws -> Response {
        .page(renderForgot(try await PageContext.make(req), email: "", sent: false, error: nil, mailOn: req.application.herald.smtp != nil))
    }

    @Sendable static func requestLink(req: Request) async throws -> Response {
        let email = req.formValue("email") ?? ""
        let context = try await PageContext.make(req)
        let mailOn = req.application.herald.smtp != nil
        do {
            try await PasswordLinks.requestReset(email: email, ip: req.clientIP, baseURL: req.application.herald.baseURL, mailOn: mailOn,
                                                 language: context.language, on: req.db)
            return .page(renderForgot(context, email: "", sent: true, error: nil, mailOn: mailOn))
        } catch let error as ValidationError {
            return .page(renderForgot(context, email: email, sent: false, error: error, mailOn: mailOn), status: .unprocessableEntity)
        } catch AppError.rateLimited(let seconds, let message) {
            let response = Response.page(renderForgot(context, email: email, sent: false,
                                                      error: .init(code: "rate_limited", field: nil, message: message), mailOn: mailOn),
                                         status: .tooManyRequests)
            response.headers.replaceOrAdd(name: "Retry-After", value: String(seconds))
            return response
        }
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let context = try await PageContext.make(req)
        guard let (user, _) = try await PasswordLinks.open(token, on: req.db) else {
            return .page(renderDead(context), status: .notFound)
        }
        return .page(renderSet(context, token: token, email: user.email, error: nil))
    }

    @Sendable static func set(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let context = try await PageContext.make(req)
        do {
            _ = try await PasswordLinks.use(token, password: req.formValue("password"), hasher: req.application.runtime.passwords, on: req.db)
            let response = req.redirect(to: SiteURL.login.path + "?done=\(L.passwordSetDone.rawValue)")
            response.cookies[CookieNames.session] = req.heraldCookie("", maxAge: 0)
            return response
        } catch let error as ValidationError {
            guard let (user, _) = try await PasswordLinks.open(token, on: req.db) else { return .page(renderDead(context), status: .notFound) }
            return .page(renderSet(context, token: token, email: user.email, error: error), status: .unprocessableEntity)
        } catch AppError.notFound {
            return .page(renderDead(context), status: .notFound)
        }
    }

    static func renderForgot(_ context: PageContext, email: String, sent: Bool, error: ValidationError?, mailOn: Bool) -> HTML {
        guard mailOn else {
            return Layout.page(context, title: context.t(.forgotTitle), body: """
                <h1>\(context.t(.forgotTitle))</h1><p>\(context.t(.forgotNoMail))</p>
                <p><a href="\(SiteURL.login.path)">\(context.t(.signInTitle))</a></p>
                """)
        }
        let done: HTML = sent ? "<p class=\"notice\" role=\"status\">\(context.t(.forgotSent))</p>" : .empty
        return Layout.page(context, title: context.t(.forgotTitle), body: """
            <h1>\(context.t(.forgotTitle))</h1>
            \(done)
            \(Layout.formError(context, error, fields: ["email"]))
            <p class="muted">\(context.t(.forgotHint))</p>
            \(context.form(SiteURL.passwordForgot.path, """
                \(Layout.field(context, name: "email", label: context.t(.email), value: email, type: "email", error: error, autocomplete: "username"))
                <button type="submit">\(context.t(.forgotButton))</button>
                """))
            <p><a href="\(SiteURL.login.path)">\(context.t(.signInTitle))</a></p>
            """)
    }

    static func renderSet(_ context: PageContext, token: String, email: String, error: ValidationError?) -> HTML {
        Layout.page(context, title: context.t(.passwordSetTitle), body: """
            <h1>\(context.t(.passwordSetTitle))</h1>
            <p class="muted">\(context.t(LocalizedText(.passwordSetHint, email)))</p>
            \(Layout.formError(context, error, fields: ["password"]))
            \(context.form(SiteURL.passwordSet(token).path, """
                <input type="hidden" name="username" value="\(email)" autocomplete="username">
                \(Layout.field(context, name: "password", label: context.t(.newPassword), type: "password", error: error, autocomplete: "new-password"))
                <button type="submit">\(context.t(.passwordSetButton))</button>
                """))
            """)
    }

    static func renderDead(_ context: PageContext) -> HTML {
        Layout.page(context, title: context.t(.passwordSetTitle), body: """
            <h1>\(context.t(.passwordSetTitle))</h1>
            <p class="error" role="alert">\(context.t(.passwordLinkDead))</p>
            <p><a href="\(SiteURL.passwordForgot.path)">\(context.t(.forgotLink))</a></p>
            """)
    }
}
