import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// Password sign-in with throttling, and the sessions it creates.
package enum SignInService {
    package struct Limits: Sendable {
        package var maxFailures: Int
        package var windowSeconds: Int

        package init(maxFailures: Int, windowSeconds: Int) {
            self.maxFailures = maxFailures
            self.windowSeconds = windowSeconds
        }
    }

    /// Returns the new session's cookie token. Throws `rateLimited` once an e-mail (or an
    /// address, at four times the count) has failed too often within the window, before even
    /// checking the password, so guessing stops being useful. The e-mail's count does not apply
    /// on a device this user signed in from before (`knownDeviceOf`, from a signed cookie): a
    /// stranger's failures can slow an address but never lock the owner out of their account.
    package static func signIn(email rawEmail: String?, password: String?, ip: String, userAgent: String?,
                       limits: Limits, sessionLifetime: Int, hasher: any PasswordHashing, knownDeviceOf: UUID? = nil,
                       on database: any Database, now: Date = Date()) async throws -> (User, String) {
        let email = (rawEmail ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let user = try await User.query(on: database).filter(\.$email == email).first()
        let knownDevice = knownDeviceOf != nil && knownDeviceOf == user?.id
        try await checkThrottle(email: email, ip: ip, limits: limits, byEmail: !knownDevice, on: database, now: now)

        let matches: Bool
        if let user {
            matches = try await hasher.verify(password ?? "", against: user.passwordHash)
        } else {
            // Spend the same bcrypt time for an unknown e-mail, so timing does not tell which exist.
            _ = try await hasher.hash(password ?? "")
            matches = false
        }
        guard let user, matches else {
            try await LoginAttempt(email: email, ip: ip, succeeded: false, at: now).save(on: database)
            throw ValidationError(code: "sign_in_failed", field: "email", message: .init(.signInFailed))
        }
        try await LoginAttempt(email: email, ip: ip, succeeded: true, at: now).save(on: database)
        let token = SecretToken.generate()
        try await UserSession(tokenHash: SecretToken.hash(token), userID: try user.requireID(),
                              expiresAt: now.addingTimeInterval(TimeInterval(sessionLifetime)), now: now,
                              userAgent: userAgent).save(on: database)
        return (user, token)
    }

    package static func checkThrottle(email: String, ip: String, limits: Limits, byEmail: Bool = true, on database: any Database,
                                      now: Date) async throws {
        let windowStart = now.addingTimeInterval(-TimeInterval(limits.windowSeconds))
        let lastSuccess = try await LoginAttempt.query(on: database)
            .filter(\.$email == email).filter(\.$succeeded == true)
            .filter(\.$attemptedAt >= windowStart)
            .sort(\.$attemptedAt, .descending).first()?.attemptedAt
        let since = max(windowStart, lastSuccess ?? windowStart)
        let checkEmail = byEmail
        let failures = try await LoginAttempt.query(on: database)
            .filter(\.$email == email).filter(\.$succeeded == false).filter(\.$attemptedAt > since)
            .sort(\.$attemptedAt, .ascending).all()
        let byIP = try await LoginAttempt.query(on: database)
            .filter(\.$ip == ip).filter(\.$succeeded == false).filter(\.$attemptedAt > windowStart)
            .sort(\.$attemptedAt, .ascending).all()
        let blocking: LoginAttempt?
        if checkEmail && failures.count >= limits.maxFailures {
            blocking = failures[failures.count - limits.maxFailures]
        } else if byIP.count >= limits.maxFailures * 4 {
            blocking = byIP[byIP.count - limits.maxFailures * 4]
        } else {
            blocking = nil
        }
        if let blocking {
            let retry = max(1, Int(blocking.attemptedAt.addingTimeInterval(TimeInterval(limits.windowSeconds))
                .timeIntervalSince(now).rounded(.up)))
            throw AppError.rateLimited(retryAfterSeconds: retry,
                                       message: .init(.signInThrottled, String((retry + 59) / 60)))
        }
    }

    package static func signOut(session: UserSession?, on database: any Database) async throws {
        try await session?.delete(on: database)
    }
}
