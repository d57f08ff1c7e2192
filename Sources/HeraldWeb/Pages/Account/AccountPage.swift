import HeraldApp
import HeraldCore
import HeraldJobs
import HeraldStore
import Vapor

/// The user's own settings: name and language, password, personal API tokens.
enum AccountPage {
    @Sendable static func show(req: Request) async throws -> Response {
        .page(try await render(req, error: nil, newToken: nil))
    }

    @Sendable static func savePreferences(req: Request) async throws -> Response {
        do {
            try await AccountService.setPreferences(user: req.requireUser(), language: req.formValue("language"),
                                                    name: req.formValue("name"), on: req.db)
            return req.redirect(to: SiteURL.account.path + "?done=\(L.accountSaved.rawValue)")
        } catch let error as ValidationError {
            return .page(try await render(req, error: error, newToken: nil), status: .unprocessableEntity)
        }
    }

    @Sendable static func changePassword(req: Request) async throws -> Response {
        do {
            let config = req.application.herald
            try await AccountService.changePassword(
                user: req.requireUser(), current: req.formValue("current_password"), new: req.formValue("new_password"),
                keepSession: req.currentSession?.id, keepTokens: req.formValue("keep_tokens") != nil, ip: req.clientIP,
                limits: .init(maxFailures: config.loginMaxFailures, windowSeconds: config.loginWindowSeconds),
                hasher: req.application.runtime.passwords, on: req.db)
            return req.redirect(to: SiteURL.account.path + "?done=\(L.passwordChanged.rawValue)")
        } catch let error as ValidationError {
            return .page(try await render(req, error: error, newToken: nil), status: .unprocessableEntity)
        }
    }

    /// The e-mail switches: every kind is sent as a checkbox; one left unticked is off.
    @Sendable static func saveNotifications(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let chosen = Set(MailNotifier.Event.allCases.map(\.rawValue).filter { req.formValue("notify_\($0)") != nil })
        try await NotificationPreferences.set(user: user.requireID(), enabled: chosen, on: req.db)
        return req.redirect(to: SiteURL.account.path + "?done=\(L.notifySaved.rawValue)#notifications")
    }

    @Sendable static func createToken(req: Request) async throws -> Response {
        do {
            let (_, secret) = try await TokenService.create(user: req.requireUser(), name: req.formValue("token_name"), on: req.db)
            // Shown in this answer only; a reload will not show it again.
            return .page(try await render(req, error: nil, newToken: secret), status: .created)
        } catch let error as ValidationError {
            var fieldError = error
            fieldError.field = "token_name"
            return .page(try await render(req, error: fieldError, newToken: nil), status: .unprocessableEntity)
        }
    }

    @Sendable static func revokeToken(req: Request) async throws -> Response {
        try await TokenService.revoke(user: req.requireUser(), id: req.uuidParameter("token"), on: req.db)
        return req.redirect(to: SiteURL.account.path + "?done=\(L.tokenRevoked.rawValue)")
    }

    static func notifications(_ context: PageContext, req: Request, user: User) async throws -> HTML {
        guard req.application.herald.smtp != nil else {
            return "<section id=\"notifications\"><h2>\(context.t(.notifyTitle))</h2><p class=\"muted\">\(context.t(.notifyNoSMTP))</p></section>"
        }
        let enabled = try await NotificationPreferences.enabled(user: user.requireID(), on: req.db)
        let boxes: [HTML] = MailNotifier.Event.allCases.map { event in
            """
            <label class="check"><input type="checkbox" name="notify_\(event.rawValue)" value="1"\(enabled.contains(event.rawValue) ? " checked" : "")> \(context.t(event.label))</label>
            """
        }
        return """
        <section id="notifications"><h2>\(context.t(.notifyTitle))</h2>
        <p class="muted">\(context.t(LocalizedText(.notifyHint, user.email)))</p>
        \(context.form(SiteURL.accountNotifications.path, "<fieldset><legend>\(context.t(.notifyTitle))</legend>\(boxes)</fieldset><button type=\"submit\">\(context.t(.save))</button>"))
        </section>
        """
    }

    static func render(_ req: Request, error: ValidationError?, newToken: String?) async throws -> HTML {
        let context = try await PageContext.make(req)
        let user = try req.requireUser()
        let tokens = try await TokenService.list(user: user, on: req.db)
        let tokenRows: [HTML] = tokens.map { token in
            let used = token.lastUsedAt.map { context.t(LocalizedText(.tokenLastUsed, context.date($0))) } ?? context.t(.tokenNeverUsed)
            return """
            <li class="card"><strong>\(token.name)</strong> <code>\(token.prefix)…</code> <small>\(used)</small>
            \(context.button(SiteURL.tokenRevoke(token.id).path, context.t(.tokenRevoke), danger: true))</li>
            """
        }
        let created: HTML = newToken.map {
            "<div class=\"notice\" role=\"status\"><p>\(context.t(.tokenCreatedOnce))</p><p><code class=\"secret\">\($0)</code></p></div>"
        } ?? .empty
        let languageOptions = [("", context.t(.accountLanguageBrowser))] + Layout.languageOptions()
        return Layout.page(context, title: context.t(.accountTitle), body: """
            <h1>\(context.t(.accountTitle))</h1>
            <p class="muted">\(user.email)</p>
            \(Layout.formError(context, error, fields: ["name", "current_password", "new_password", "token_name"]))
            \(context.form(SiteURL.account.path, """
                \(Layout.field(context, name: "name", label: context.t(.yourName), value: user.name, error: error))
                \(Layout.select(context, name: "language", label: context.t(.language), options: languageOptions, selected: user.language ?? ""))
                <button type="submit">\(context.t(.save))</button>
                """))
            <section><h2>\(context.t(.passwordChange))</h2>
            \(context.form(SiteURL.accountPassword.path, """
                \(Layout.field(context, name: "current_password", label: context.t(.currentPassword), type: "password", error: error, autocomplete: "current-password"))
                \(Layout.field(context, name: "new_password", label: context.t(.newPassword), type: "password", error: error, autocomplete: "new-password"))
                <label class="check"><input type="checkbox" name="keep_tokens" value="1"> \(context.t(.passwordKeepTokens))</label>
                <button type="submit">\(context.t(.passwordChange))</button>
                """))
            </section>
            \(try await notifications(context, req: req, user: user))
            <section id="calendar-feed"><h2>\(context.t(.calendarFeed))</h2>
            <p class="muted">\(context.t(.calendarFeedHint))</p>
            <p><code class="secret">\(try CalendarFeed.url(for: user, app: req.application))</code></p>
            \(context.button(SiteURL.calendarFeedReset.path, context.t(.calendarFeedReset)))
            </section>
            <section id="tokens"><h2>\(context.t(.tokensTitle))</h2>
            <p class="muted">\(context.t(.tokensIntro))</p>
            \(created)
            \(tokenRows.isEmpty ? "<p>\(context.t(.tokensEmpty))</p>" as HTML : "<ul class=\"cards\">\(tokenRows)</ul>")
            \(context.form(SiteURL.tokens.path, """
                \(Layout.field(context, name: "token_name", label: context.t(.tokenName), error: error))
                <button type="submit">\(context.t(.tokenCreate))</button>
                """))
            </section>
            """)
    }
}
