import Fluent
import HeraldApp
import HeraldCore
import HeraldJobs
import HeraldStore
import Vapor

/// `/api/v1`: The signed-in user and their personal API tokens.
enum AccountAPI {
    static func register(_ api: any RoutesBuilder, workspace: any RoutesBuilder) {
        api.get("me", use: me)
        api.patch("me", use: updateMe)
        api.post("me", "password", use: changePassword)
        api.get("me", "notifications", use: notifications)
        api.put("me", "notifications", use: setNotifications)
        api.post("me", "telegram", use: linkTelegram)
        api.delete("me", "telegram", use: unlinkTelegram)
        api.get("tokens", use: listTokens)
        api.post("tokens", use: createToken)
        api.delete("tokens", ":token", use: revokeToken)
    }

    @Sendable static func me(req: Request) async throws -> UserDTO { try UserDTO(req.requireUser()) }

    // Swift 6.3.1 crashes (signal 11, "While splitting coroutine") optimising this handler in
    // release builds; it is not hot, so it is left unoptimised. Remove with a fixed toolchain.
    @_optimize(none)
    @Sendable static func updateMe(req: Request) async throws -> UserDTO {
        let input = try req.decodeJSON(MeInput.self)
        let user = try req.requireUser()
        try await AccountService.setPreferences(user: user, language: input.language, name: input.name, on: req.db)
        return try UserDTO(user)
    }

    @Sendable static func notifications(req: Request) async throws -> NotificationsDTO {
        try await NotificationsDTO.make(req)
    }

    /// `{"events": {"approval_requested": true, …}, "telegram_events": {…}}`: the kinds named are
    /// set (by e-mail, in Telegram), the rest stay as they were.
    @Sendable static func setNotifications(req: Request) async throws -> NotificationsDTO {
        let input = try req.decodeJSON(NotificationsInput.self)
        let user = try req.requireUser()
        let known = Set(Notifier.Event.allCases.map(\.rawValue))
        for (field, map) in [("events", input.events ?? [:]), ("telegram_events", input.telegramEvents ?? [:])] {
            if let unknown = map.keys.sorted().first(where: { !known.contains($0) }) {
                throw ValidationError(code: "invalid", field: "\(field).\(unknown)",
                                      message: .init(.errorInvalidChoice, unknown, known.sorted().joined(separator: ", ")))
            }
        }
        var (email, telegram) = try await NotificationPreferences.enabled(user: user.requireID(), on: req.db)
        for (event, on) in input.events ?? [:] { if on { email.insert(event) } else { email.remove(event) } }
        for (event, on) in input.telegramEvents ?? [:] { if on { telegram.insert(event) } else { telegram.remove(event) } }
        try await NotificationPreferences.set(user: user.requireID(), email: email, telegram: telegram, on: req.db)
        return try await NotificationsDTO.make(req)
    }

    /// A code to send the installation's bot as `/start CODE` (fifteen minutes, once).
    @Sendable static func linkTelegram(req: Request) async throws -> Response {
        guard let bot = req.application.herald.telegramBot else {
            throw AppError.conflict(.init(code: "no_bot", field: nil, message: .init(.telegramNotSetUp)))
        }
        let code = try await TelegramNotices.newCode(user: req.requireUser().requireID(), on: req.db)
        return try await TelegramCodeDTO(code: code, bot: bot.username, expiresInSeconds: Int(TelegramNotices.codeLifetime))
            .encodeResponse(status: .created, for: req)
    }

    @Sendable static func unlinkTelegram(req: Request) async throws -> HTTPStatus {
        try await TelegramNotices.unlink(user: req.requireUser().requireID(), on: req.db)
        return .noContent
    }

    @Sendable static func changePassword(req: Request) async throws -> HTTPStatus {
        let input = try req.decodeJSON(PasswordInput.self)
        let config = req.application.herald
        try await AccountService.changePassword(user: req.requireUser(), current: input.currentPassword,
                                                new: input.newPassword, keepSession: nil, keepTokens: input.keepTokens ?? false,
                                                ip: req.clientIP,
                                                limits: .init(maxFailures: config.loginMaxFailures, windowSeconds: config.loginWindowSeconds),
                                                hasher: req.application.runtime.passwords, on: req.db)
        return .noContent
    }

    @Sendable static func listTokens(req: Request) async throws -> ListDTO<TokenDTO> {
        ListDTO(items: try await TokenService.list(user: req.requireUser(), on: req.db).map { try TokenDTO($0) })
    }

    @Sendable static func createToken(req: Request) async throws -> Response {
        let input = try req.decodeJSON(TokenInput.self)
        let (token, secret) = try await TokenService.create(user: req.requireUser(), name: input.name, on: req.db)
        return try await TokenDTO(token, secret: secret).encodeResponse(status: .created, for: req)
    }

    @Sendable static func revokeToken(req: Request) async throws -> HTTPStatus {
        try await TokenService.revoke(user: req.requireUser(), id: req.uuidParameter("token"), on: req.db)
        return .noContent
    }
}

struct NotificationsDTO: Content {
    /// Whether this installation sends e-mail at all (HERALD_SMTP_HOST).
    var email: Bool
    /// Whether it has a Telegram bot for notices, and whether this person linked their chat.
    var telegram: Bool
    var telegramLinked: Bool
    /// Each kind of event → whether it is e-mailed to this person.
    var events: [String: Bool]
    /// Each kind of event → whether it goes to their Telegram chat (once linked).
    var telegramEvents: [String: Bool]

    static func make(_ req: Request) async throws -> NotificationsDTO {
        let userID = try req.requireUser().requireID()
        let (email, telegram) = try await NotificationPreferences.enabled(user: userID, on: req.db)
        func map(_ enabled: Set<String>) -> [String: Bool] {
            Dictionary(uniqueKeysWithValues: Notifier.Event.allCases.map { ($0.rawValue, enabled.contains($0.rawValue)) })
        }
        return NotificationsDTO(email: req.application.herald.smtp != nil, telegram: req.application.herald.telegramBot != nil,
                                telegramLinked: try await TelegramNotices.chat(of: userID, on: req.db) != nil,
                                events: map(email), telegramEvents: map(telegram))
    }
}

struct NotificationsInput: JSONInput {
    /// Kinds are checked by name in the handler (an unknown one is refused on `events.<name>`).
    var events: [String: Bool]?
    var telegramEvents: [String: Bool]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case events
        case telegramEvents = "telegram_events"
    }
}

struct TelegramCodeDTO: Content {
    var code: String
    /// The bot's user name, when the installation names it (HERALD_TELEGRAM_BOT_NAME).
    var bot: String?
    var expiresInSeconds: Int
}
