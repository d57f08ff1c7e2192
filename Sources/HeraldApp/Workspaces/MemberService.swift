import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// Who belongs to a workspace, with which role. Owners and admins manage members; admins
/// cannot touch owners; a workspace always keeps at least one owner.
package enum MemberService {
    package struct NewMember: Sendable {
        package var email: String?
        package var name: String?
        package var password: String?
        package var role: String?

        package init(email: String? = nil, name: String? = nil, password: String? = nil, role: String? = nil) {
            self.email = email
            self.name = name
            self.password = password
            self.role = role
        }
    }

    /// A member added, and for a new account without a password the link that sets one: e-mailed
    /// when the installation sends mail, otherwise for the one who added them to pass on.
    package struct Added: Sendable {
        package var membership: Membership
        package var inviteLink: String?
        package var invitationMailed: Bool
    }

    /// Adds an existing user of the organisation, or creates the account first when the e-mail is
    /// new (a name is then required; without an initial password the person is invited by a link).
    package static func add(_ access: WorkspaceAccess, _ input: NewMember, hasher: any PasswordHashing, baseURL: String, mailOn: Bool,
                            now: Date = Date(), on database: any Database) async throws -> Added {
        try access.require(.manageMembers)
        var problems = Problems()
        let checkedEmail = try problems.check { try EmailAddress.parse(input.email ?? "", field: "email") }
        let checkedRole = try problems.check { try Fields.role(input.role, field: "role") }
        // A new account's name and password are checked with the rest, so every problem is said at once.
        let known = try await checkedEmail.asyncFlatMap { try await TenancyQueries.user(email: $0, on: database) }
        if known == nil {
            _ = try problems.check { try Fields.name(input.name, field: "name") }
            if let typed = input.password, !typed.isEmpty { _ = try problems.check { try Fields.newPassword(typed, field: "password") } }
        }
        guard let email = checkedEmail, let role = checkedRole else { throw problems.error }
        try problems.throwIfAny()
        guard access.role.canAssign(role) else { throw cannotAssign(access.role, role) }

        var user = known
        var invited = false
        if let existing = user {
            guard existing.$organization.id == access.workspace.$organization.id else {
                throw AccountService.duplicateEmail(email)
            }
            if try await TenancyQueries.membership(userID: existing.requireID(), workspaceID: access.workspaceID,
                                                   on: database) != nil {
                throw AppError.conflict(.init(code: "already_member", field: "email",
                                              message: .init(.errorAlreadyMember, email.value)))
            }
        } else {
            // Validate everything before writing anything.
            let name = try Fields.name(input.name, field: "name")
            let typed = (input.password ?? "").isEmpty ? nil : input.password
            let password = try typed.map { try Fields.newPassword($0, field: "password") }
            invited = password == nil
            user = try await AccountService.createUser(
                organizationID: access.workspace.$organization.id, email: email, name: name,
                password: password ?? SecretToken.generate(),  // nobody knows it: the link sets the real one
                organizationRole: .member, hasher: hasher, on: database)
        }
        let membership = Membership(workspaceID: access.workspaceID, userID: try user!.requireID(), role: role)
        do {
            try await membership.save(on: database)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw AppError.conflict(.init(code: "already_member", field: "email",
                                          message: .init(.errorAlreadyMember, email.value)))
        }
        membership.$user.value = user
        guard invited, let user else { return Added(membership: membership, inviteLink: nil, invitationMailed: false) }
        let link = try await PasswordLinks.make(user: user, purpose: .invite, baseURL: baseURL, now: now, on: database)
        if mailOn {
            try await PasswordLinks.sendInvitation(to: user, link: link, inviter: access.user.name, workspace: access.workspace, role: role,
                                                   now: now, on: database)
            return Added(membership: membership, inviteLink: nil, invitationMailed: true)
        }
        return Added(membership: membership, inviteLink: link, invitationMailed: false)
    }

    /// A link that sets a new password for a member (an hour, once), for the one managing members to
    /// pass on when the person cannot get e-mail. Admins cannot make one for an owner.
    package static func passwordLink(_ access: WorkspaceAccess, userID: UUID, baseURL: String, now: Date = Date(),
                                     on database: any Database) async throws -> (User, String) {
        try access.require(.manageMembers)
        let membership = try await member(access, userID: userID, on: database)
        guard access.role.canAssign(membership.role) else { throw AppError.forbidden(role: access.role) }
        return (membership.user, try await PasswordLinks.make(user: membership.user, purpose: .reset, baseURL: baseURL, now: now, on: database))
    }

    package static func changeRole(_ access: WorkspaceAccess, userID: UUID, role rawRole: String?,
                           on database: any Database) async throws -> Membership {
        try access.require(.manageMembers)
        let role = try Fields.role(rawRole, field: "role")
        return try await database.writeTransaction { tx in
            let membership = try await member(access, userID: userID, on: tx)
            guard access.role.canAssign(membership.role), access.role.canAssign(role) else {
                throw cannotAssign(access.role, membership.role == .owner ? .owner : role)
            }
            if membership.role == .owner, role != .owner {
                try await ensureAnotherOwner(access.workspaceID, on: tx)
            }
            membership.role = role
            try await membership.save(on: tx)
            return membership
        }
    }

    package static func remove(_ access: WorkspaceAccess, userID: UUID, on database: any Database) async throws {
        try access.require(.manageMembers)
        try await database.writeTransaction { tx in
            let membership = try await member(access, userID: userID, on: tx)
            guard access.role.canAssign(membership.role) else { throw cannotAssign(access.role, membership.role) }
            // A workspace owner cannot shut the organisation's owner out of a workspace.
            if membership.user.organizationRole == OrganizationRole.owner.rawValue, access.user.organizationRole != OrganizationRole.owner.rawValue {
                throw AppError.conflict(ValidationError(code: "organization_owner", field: "user",
                                                        message: .init(.errorOrganizationOwner, membership.user.name)))
            }
            if membership.role == .owner { try await ensureAnotherOwner(access.workspaceID, on: tx) }
            try await membership.delete(on: tx)
        }
    }

    private static func member(_ access: WorkspaceAccess, userID: UUID, on database: any Database) async throws -> Membership {
        guard let membership = try await TenancyQueries.membership(userID: userID, workspaceID: access.workspaceID,
                                                                   on: database)
        else { throw AppError.notFound }
        try await membership.$user.load(on: database)
        return membership
    }

    private static func ensureAnotherOwner(_ workspaceID: UUID, on database: any Database) async throws {
        guard try await TenancyQueries.ownerCount(of: workspaceID, on: database) > 1 else {
            throw AppError.conflict(.init(code: "last_owner", field: "role", message: .init(.errorLastOwner)))
        }
    }

    private static func cannotAssign(_ actor: Role, _ target: Role) -> ValidationError {
        ValidationError(code: "cannot_assign_role", field: "role",
                        message: .init(.errorCannotAssignRole, actor.rawValue, target.rawValue))
    }
}
