import HeraldApp
import HeraldCore
import HeraldJobs
import HeraldStore
import Vapor

/// The user's own settings: name and language, password, personal API tokens.
enum AccountPage {
    @Sendable static func show(req: Request) async throws -> Response {
        try await respond(req, error: nil, newToken: nil)
    }

    @Sendable static func savePreferences(req: Request) async throws -> Response {
        do {
            try await AccountService.setPreferences(user: req.requireUser(), language: req.formValue("language"),
                                                    name: req.formValue("name"), on: req.db)
            return req.redirect(to: SiteURL.account.path + "?done=\(L.accountSaved.rawValue)")
        } catch let error as ValidationError {
            return try await respond(req, error: error, newToken: nil, status: .unprocessableEntity)
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
            return try await respond(req, error: error, newToken: nil, status: .unprocessableEntity)
        }
    }

    /// The switches: every kind is sent as a checkbox per way (e-mail, Telegram); one left unticked is off.
    @Sendable static func saveNotifications(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let events = Notifier.Event.allCases.map(\.rawValue)
        try await NotificationPreferences.set(user: user.requireID(), email: Set(events.filter { req.formValue("notify_\($0)") != nil }),
                                              telegram: Set(events.filter { req.formValue("telegram_\($0)") != nil }), on: req.db)
        return req.redirect(to: SiteURL.account.path + "?done=\(L.notifySaved.rawValue)#notifications")
    }

    /// A new Telegram linking code, shown on the page.
    @Sendable static func linkTelegram(req: Request) async throws -> Response {
        guard req.application.herald.telegramBot != nil else { throw Abort(.notFound) }
        let code = try await TelegramNotices.newCode(user: req.requireUser().requireID(), on: req.db)
        return try await respond(req, error: nil, newToken: nil, telegramCode: code)
    }

    @Sendable static func unlinkTelegram(req: Request) async throws -> Response {
        try await TelegramNotices.unlink(user: req.requireUser().requireID(), on: req.db)
        return req.redirect(to: SiteURL.account.path + "?done=\(L.telegramUnlinked.rawValue)#notifications")
    }

    @Sendable static func createToken(req: Request) async throws -> Response {
        do {
            let (_, secret) = try await TokenService.create(user: req.requireUser(), name: req.formValue("token_name"), on: req.db)
            // Shown in this answer only; a reload will not show it again.
            return try await respond(req, error: nil, newToken: secret, status: .created)
        } catch let error as ValidationError {
            var fieldError = error
            fieldError.field = "token_name"
            return try await respond(req, error: fieldError, newToken: nil, status: .unprocessableEntity)
        }
    }

    @Sendable static func revokeToken(req: Request) async throws -> Response {
        try await TokenService.revoke(user: req.requireUser(), id: req.uuidParameter("token"), on: req.db)
        return req.redirect(to: SiteURL.account.path + "?done=\(L.tokenRevoked.rawValue)")
    }

    static func notifications(_ context: PageContext, config: HeraldConfiguration, user: User, screen: AccountScreen,
                              telegramCode: String?) -> HTML {
        let email = config.smtp != nil
        let chat: Bool? = screen.telegramLinked == true ? true : nil
        var telegram: HTML = "<p class=\"muted\">\(context.t(.telegramNotSetUp))</p>"
        if let bot = config.telegramBot {
            let name = bot.username.map { "@" + $0 } ?? "the bot"
            let code: HTML = telegramCode.map { code in
                let link: HTML = bot.username.map { " <a href=\"https://t.me/\($0)?start=\(code)\">t.me/\($0)</a>" } ?? .empty
                return "<p class=\"notice\" role=\"status\">\(context.t(LocalizedText(.telegramCodeHint, name, code)))\(link)</p>"
            } ?? .empty
            telegram = chat != nil
                ? "<p>\(context.t(.telegramLinkedNote))</p>\(context.button(SiteURL.accountTelegramUnlink.path, context.t(.telegramUnlink)))"
                : "\(code)\(context.button(SiteURL.accountTelegram.path, context.t(.telegramLinkButton)))"
        }
        guard email || chat != nil else {
            return """
            <section id="notifications"><h2>\(context.t(.notifyTitle))</h2><p class="muted">\(context.t(.notifyNoSMTP))</p>
            <h3>\(context.t(.telegramTitle))</h3>\(telegram)</section>
            """
        }
        let enabled = screen.notices
        let rows: [HTML] = Notifier.Event.allCases.map { event in
            let mail: HTML = email ? """
                <label class="check"><input type="checkbox" name="notify_\(event.rawValue)" value="1"\(enabled.email.contains(event.rawValue) ? " checked" : "")> \(context.t(.notifyByEmail))</label>
                """ : .empty
            let tg: HTML = chat != nil ? """
                <label class="check"><input type="checkbox" name="telegram_\(event.rawValue)" value="1"\(enabled.telegram.contains(event.rawValue) ? " checked" : "")> \(context.t(.notifyByTelegram))</label>
                """ : .empty
            return "<fieldset><legend>\(context.t(event.label))</legend>\(mail)\(tg)</fieldset>"
        }
        return """
        <section id="notifications"><h2>\(context.t(.notifyTitle))</h2>
        \(email ? "<p class=\"muted\">\(context.t(LocalizedText(.notifyHint, user.email)))</p>" as HTML : "<p class=\"muted\">\(context.t(.notifyNoSMTP))</p>")
        \(context.form(SiteURL.accountNotifications.path, "\(rows)<button type=\"submit\">\(context.t(.save))</button>"))
        <h3>\(context.t(.telegramTitle))</h3>\(telegram)
        </section>
        """
    }

    static func respond(_ req: Request, error: ValidationError?, newToken: String?, telegramCode: String? = nil,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        let screen = try await AccountScreen.load(user: user, telegramBot: req.application.herald.telegramBot != nil, on: req.db)
        let context = try await PageContext.make(req)
        return .page(view(context, config: req.application.herald, user: user, screen: screen, feedURL: try CalendarFeed.url(for: user, app: req.application),
                          error: error, newToken: newToken, telegramCode: telegramCode), status: status)
    }

    static func view(_ context: PageContext, config: HeraldConfiguration, user: User, screen: AccountScreen, feedURL: String,
                     error: ValidationError?, newToken: String?, telegramCode: String?) -> HTML {
        let tokens = screen.tokens
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
            \(notifications(context, config: config, user: user, screen: screen, telegramCode: telegramCode))
            <section id="calendar-feed"><h2>\(context.t(.calendarFeed))</h2>
            <p class="muted">\(context.t(.calendarFeedHint))</p>
            <p><code class="secret">\(feedURL)</code></p>
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
