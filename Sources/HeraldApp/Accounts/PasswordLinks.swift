import FluentKit
import Foundation
import HeraldCore
import HeraldJobs
import HeraldStore
import SQLKit

/// Links that let a person set their password: an invitation for a member added without one
/// (seven days), or a reset for a forgotten password (one hour). A link works once; a new one of
/// the same kind ends the earlier ones; using it signs out every session and revokes API tokens.
/// A reset request answers the same whether or not the address belongs to anyone.
package enum PasswordLinks {
    package enum Purpose: String, Sendable {
        case invite, reset

        package var lifetime: TimeInterval { self == .invite ? 7 * 86_400 : 3600 }
    }

    /// At most this many reset requests per typed address, and per network address, an hour.
    package static let perAddressPerHour = 3
    package static let perIPPerHour = 10

    /// A new link for `user`; earlier unused links of the same purpose stop working.
    package static func make(user: User, purpose: Purpose, baseURL: String, now: Date = Date(), on database: any Database) async throws -> String {
        let token = SecretToken.generate()
        let userID = try user.requireID()
        try await database.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
            try await sql.raw("""
                UPDATE password_links SET used_at = \(bind: now) WHERE user_id = \(bind: userID) AND purpose = \(bind: purpose.rawValue) AND used_at IS NULL
                """).run()
            try await sql.raw("""
                INSERT INTO password_links (id, user_id, token_hash, purpose, expires_at, created_at)
                VALUES (\(bind: UUID()), \(bind: userID), \(bind: SecretToken.hash(token)), \(bind: purpose.rawValue),
                        \(bind: now.addingTimeInterval(purpose.lifetime)), \(bind: now))
                """).run()
        }
        return baseURL + PagePaths.passwordLink(token)
    }

    /// "Forgot password": counts the request (limits hold whether or not the address is known),
    /// then, for a known address and a mail server, queues the link by e-mail. Answers nothing.
    package static func requestReset(email raw: String?, ip: String, baseURL: String, mailOn: Bool, language: Language,
                                     now: Date = Date(), on database: any Database) async throws {
        let email = try EmailAddress.parse(raw ?? "", field: "email")
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let hourAgo = now.addingTimeInterval(-3600)
        func count(_ column: String, _ value: String) async throws -> Int {
            try await sql.raw("""
                SELECT COUNT(*) AS n FROM password_requests WHERE \(ident: column) = \(bind: value) AND requested_at > \(bind: hourAgo)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        let byAddress = try await count("email", email.value), byIP = try await count("ip", ip)
        if byAddress >= perAddressPerHour || byIP >= perIPPerHour {
            throw AppError.rateLimited(retryAfterSeconds: 3600, message: .init(.passwordResetThrottled))
        }
        try await sql.raw("""
            INSERT INTO password_requests (id, email, ip, requested_at) VALUES (\(bind: UUID()), \(bind: email.value), \(bind: ip), \(bind: now))
            """).run()
        try await sql.raw("DELETE FROM password_requests WHERE requested_at < \(bind: now.addingTimeInterval(-86_400))").run()
        guard mailOn, let user = try await TenancyQueries.user(email: email, on: database) else { return }
        let link = try await make(user: user, purpose: .reset, baseURL: baseURL, now: now, on: database)
        let language = user.language.flatMap(Language.init(rawValue:)) ?? language
        try await Mailer.enqueue(MailMessage(from: "", to: user.email, subject: L.mailResetSubject.text(in: language),
                                             text: LocalizedText(.mailResetBody, user.email, link).rendered(in: language)),
                                 key: "reset:\(UUID().text)", now: now, on: database)
    }

    /// E-mails an invitation link to a member added without a password.
    package static func sendInvitation(to user: User, link: String, inviter: String, workspace: Workspace, role: Role,
                                       now: Date = Date(), on database: any Database) async throws {
        let language = user.language.flatMap(Language.init(rawValue:)) ?? Language(rawValue: workspace.language) ?? .en
        try await Mailer.enqueue(MailMessage(from: "", to: user.email,
                                             subject: LocalizedText(.mailInviteSubject, inviter, workspace.name).rendered(in: language),
                                             text: LocalizedText(.mailInviteBody, inviter, workspace.name, role.label.text(in: language), link)
                                                .rendered(in: language)),
                                 key: "invite:\(UUID().text)", now: now, on: database)
    }

    /// The person a link belongs to, while it works (unused, unexpired); nil otherwise.
    package static func open(_ token: String, now: Date = Date(), on database: any Database) async throws -> (User, Purpose)? {
        guard token.count <= 128, let sql = database as? any SQLDatabase,
              let row = try await sql.raw("""
                SELECT user_id, purpose FROM password_links
                WHERE token_hash = \(bind: SecretToken.hash(token)) AND used_at IS NULL AND expires_at > \(bind: now)
                """).first(),
              let purpose = Purpose(rawValue: try row.decode(column: "purpose", as: String.self)),
              let user = try await User.find(try row.decode(column: "user_id", as: UUID.self), on: database) else { return nil }
        return (user, purpose)
    }

    /// Sets the password through a working link, once: every session and API token of the person ends.
    package static func use(_ token: String, password raw: String?, hasher: any PasswordHashing, now: Date = Date(),
                            on database: any Database) async throws -> User {
        let password = try Fields.newPassword(raw, field: "password")
        guard let (user, _) = try await open(token, now: now, on: database) else { throw AppError.notFound }
        let hash = try await hasher.hash(password)
        let userID = try user.requireID()
        try await database.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
            // Compare-and-set: of two requests with the same link, one sets the password.
            let used = try await sql.raw("""
                UPDATE password_links SET used_at = \(bind: now)
                WHERE token_hash = \(bind: SecretToken.hash(token)) AND used_at IS NULL AND expires_at > \(bind: now) RETURNING id
                """).all()
            guard !used.isEmpty else { throw AppError.notFound }
            // The password is set: an invitation or another reset still open must not set it again.
            try await sql.raw("UPDATE password_links SET used_at = \(bind: now) WHERE user_id = \(bind: userID) AND used_at IS NULL").run()
            user.passwordHash = hash
            try await user.save(on: tx)
            try await UserSession.query(on: tx).filter(\.$user.$id == userID).delete()
            try await APIToken.query(on: tx).filter(\.$user.$id == userID).delete()
        }
        return user
    }
}
