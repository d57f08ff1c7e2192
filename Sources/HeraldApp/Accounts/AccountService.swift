import FluentKit
import Foundation
import HeraldCore
import HeraldJobs
import HeraldStore

/// First-run setup, users and passwords.
package enum AccountService {
    package struct SetupInput: Sendable {
        package var organizationName: String?
        package var name: String?
        package var email: String?
        package var password: String?
        package var workspaceName: String?
        package var timeZone: String?
        package var language: String?

        package init(organizationName: String? = nil, name: String? = nil, email: String? = nil, password: String? = nil, workspaceName: String? = nil, timeZone: String? = nil, language: String? = nil) {
            self.organizationName = organizationName
            self.name = name
            self.email = email
            self.password = password
            self.workspaceName = workspaceName
            self.timeZone = timeZone
            self.language = language
        }
    }

    /// Creates the organisation, its owner and a first workspace, all or nothing.
    /// Refused once any organisation exists.
    package static func setUp(_ input: SetupInput, hasher: any PasswordHashing, on database: any Database)
        async throws -> (User, Workspace)
    {
        // Every field is checked, so the form can say all that is wrong at once.
        var problems = Problems()
        let organizationName = try problems.check { try Fields.name(input.organizationName, field: "organization_name") }
        let name = try problems.check { try Fields.name(input.name, field: "name") }
        let email = try problems.check { try EmailAddress.parse(input.email ?? "", field: "email") }
        let password = try problems.check { try Fields.newPassword(input.password, field: "password") }
        let workspaceName = try problems.check { try Fields.name(input.workspaceName, field: "workspace_name") }
        let zone = try problems.check { try TimeZoneName.parse(input.timeZone ?? "UTC", field: "time_zone") }
        let language = try problems.check { try input.language.map { language in try Fields.language(language, field: "language") } ?? .en }
        guard let organizationName, let name, let email, let password, let workspaceName, let zone, let language else { throw problems.error }
        let hash = try await hasher.hash(password)

        return try await database.writeTransaction { tx in
            guard try await !TenancyQueries.isSetUp(on: tx) else {
                throw AppError.conflict(.init(code: "already_set_up", field: nil, message: .init(.setupAlreadyDone)))
            }
            let organization = Organization(name: organizationName)
            try await organization.save(on: tx)
            // The workspace takes the setup language; the user keeps following their browser
            // until they choose on the account page.
            let user = User(organizationID: try organization.requireID(), email: email, name: name,
                            passwordHash: hash, organizationRole: .owner)
            try await user.save(on: tx)
            let workspace = Workspace(organizationID: try organization.requireID(), name: workspaceName,
                                      timeZone: zone, language: language)
            try await workspace.save(on: tx)
            try await Membership(workspaceID: try workspace.requireID(), userID: try user.requireID(), role: .owner)
                .save(on: tx)
            return (user, workspace)
        }
    }

    /// Creates a user in an organisation (member invitation and `herald user create`).
    package static func createUser(organizationID: UUID, email: EmailAddress, name: String, password: String,
                           organizationRole: OrganizationRole, hasher: any PasswordHashing,
                           on database: any Database) async throws -> User {
        if try await TenancyQueries.user(email: email, on: database) != nil {
            throw duplicateEmail(email)
        }
        let user = User(organizationID: organizationID, email: email, name: name,
                        passwordHash: try await hasher.hash(password), organizationRole: organizationRole)
        do {
            try await user.save(on: database)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw duplicateEmail(email)  // lost a race with another request for the same e-mail
        }
        return user
    }

    package static func duplicateEmail(_ email: EmailAddress) -> AppError {
        .conflict(.init(code: "duplicate_email", field: "email", message: .init(.errorDuplicateEmail, email.value)))
    }

    /// Changes the password after checking the current one — throttled like sign-in, so the
    /// form cannot be used to guess it — then signs out every other session and revokes the
    /// user's API tokens, unless `keepTokens` (whoever learnt the old password may have made one).
    package static func changePassword(user: User, current: String?, new: String?, keepSession: UUID?, keepTokens: Bool = false,
                                       ip: String, limits: SignInService.Limits, hasher: any PasswordHashing,
                                       on database: any Database, now: Date = Date()) async throws {
        try await SignInService.checkThrottle(email: user.email, ip: ip, limits: limits, on: database, now: now)
        guard let current, try await hasher.verify(current, against: user.passwordHash) else {
            try await LoginAttempt(email: user.email, ip: ip, succeeded: false, at: now).save(on: database)
            throw ValidationError(code: "wrong_password", field: "current_password", message: .init(.errorWrongPassword))
        }
        let password = try Fields.newPassword(new, field: "new_password")
        user.passwordHash = try await hasher.hash(password)
        let userID = try user.requireID()
        try await database.writeTransaction { tx in
            try await user.save(on: tx)
            var others = UserSession.query(on: tx).filter(\.$user.$id == userID)
            if let keepSession { others = others.filter(\.$id != keepSession) }
            try await others.delete()
            if !keepTokens { try await APIToken.query(on: tx).filter(\.$user.$id == userID).delete() }
        }
    }

    package static func setPreferences(user: User, language: String?, name: String?, on database: any Database) async throws {
        if let language {
            user.language = language.isEmpty ? nil : try Fields.language(language, field: "language").rawValue
        }
        if let name { user.name = try Fields.name(name, field: "name") }
        try await user.save(on: database)
    }
}

/// What a person's account page shows beside their profile: their API tokens, whether a
/// Telegram chat is linked for notices (nil when the server has no bot), and which notices they get.
package struct AccountScreen {
    package var tokens: [APIToken]
    package var telegramLinked: Bool?
    package var notices: (email: Set<String>, telegram: Set<String>)

    package static func load(user: User, telegramBot: Bool, on database: any Database) async throws -> AccountScreen {
        let userID = try user.requireID()
        return AccountScreen(tokens: try await TokenService.list(user: user, on: database),
                             telegramLinked: telegramBot ? try await TelegramNotices.chat(of: userID, on: database) != nil : nil,
                             notices: try await NotificationPreferences.enabled(user: userID, on: database))
    }
}
