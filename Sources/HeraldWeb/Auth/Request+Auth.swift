import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

extension Request {
    private struct UserKey: StorageKey { typealias Value = User }
    private struct SessionKey: StorageKey { typealias Value = UserSession }

    /// The signed-in user (browser session or API token), if any.
    var currentUser: User? {
        get { storage[UserKey.self] }
        set { storage[UserKey.self] = newValue }
    }

    var currentSession: UserSession? {
        get { storage[SessionKey.self] }
        set { storage[SessionKey.self] = newValue }
    }

    func requireUser() throws -> User {
        guard let user = currentUser else { throw AppError.unauthorized }
        return user
    }

    /// The reader's language: their saved choice, else the language cookie (set from the
    /// sign-in page), else Accept-Language, else English.
    var language: Language {
        if let chosen = currentUser?.preferredLanguage { return chosen }
        if let cookie = cookies[CookieNames.language]?.string, let chosen = Language(rawValue: cookie) { return chosen }
        return Language.negotiate(acceptLanguage: headers.first(name: .acceptLanguage)) ?? .fallback
    }

    /// The client address for throttling: the socket peer (a proxy in front should be trusted
    /// explicitly before X-Forwarded-For is believed; not done yet).
    var clientIP: String { remoteAddress?.ipAddress ?? "unknown" }
}

enum CookieNames {
    static let session = "herald_session"
    static let csrf = "herald_csrf"
    static let language = "herald_lang"
}

extension Request {
    /// A cookie as Herald sets them: HttpOnly, SameSite=Lax, Secure when configured.
    func heraldCookie(_ value: String, maxAge: Int?) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/",
                          isSecure: application.herald.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }
}
