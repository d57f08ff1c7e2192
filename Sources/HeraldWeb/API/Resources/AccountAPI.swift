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
        let user = try req.requireUser()
        return NotificationsDTO(email: req.application.herald.smtp != nil,
                                events: try await NotificationPreferences.enabled(user: user.requireID(), on: req.db))
    }

    /// `{"events": {"approval_requested": true, …}}`: the kinds named are set, the rest stay as they were.
    @Sendable static func setNotifications(req: Request) async throws -> NotificationsDTO {
        let input = try req.decodeJSON(NotificationsInput.self)
        let user = try req.requireUser()
        let known = Set(MailNotifier.Event.allCases.map(\.rawValue))
        if let unknown = input.events.keys.sorted().first(where: { !known.contains($0) }) {
            throw ValidationError(code: "invalid", field: "events.\(unknown)",
                                  message: .init(.errorInvalidChoice, unknown, known.sorted().joined(separator: ", ")))
        }
        var enabled = try await NotificationPreferences.enabled(user: user.requireID(), on: req.db)
        for (event, on) in input.events { if on { enabled.insert(event) } else { enabled.remove(event) } }
        try await NotificationPreferences.set(user: user.requireID(), enabled: enabled, on: req.db)
        return NotificationsDTO(email: req.application.herald.smtp != nil, events: enabled)
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
    /// Each kind of event → whether it is e-mailed to this person.
    var events: [String: Bool]

    init(email: Bool, events enabled: Set<String>) {
        self.email = email
        events = Dictionary(uniqueKeysWithValues: MailNotifier.Event.allCases.map { ($0.rawValue, enabled.contains($0.rawValue)) })
    }
}

struct NotificationsInput: JSONInput {
    /// Kinds are checked by name in the handler (an unknown one is refused on `events.<name>`).
    var events: [String: Bool]

    enum CodingKeys: String, CodingKey, CaseIterable { case events }
}
