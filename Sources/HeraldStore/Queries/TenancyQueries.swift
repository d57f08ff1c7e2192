import FluentKit
import Foundation
import HeraldCore

/// The questions tenancy asks of the database. Kept apart from handlers so tests call them directly.
public enum TenancyQueries {
    /// The workspaces a user is a member of, with their role in each, by name.
    /// Every page reads this (the workspace switcher): one joined statement, not one per table.
    public static func workspaces(of userID: UUID, on database: any Database) async throws -> [(Workspace, Role)] {
        let memberships = try await Membership.query(on: database)
            .join(Workspace.self, on: \Membership.$workspace.$id == \Workspace.$id)
            .filter(\.$user.$id == userID)
            .all()
        return try memberships
            .map { (try $0.joined(Workspace.self), $0.role) }
            .sorted { $0.0.name.localizedCaseInsensitiveCompare($1.0.name) == .orderedAscending }
    }

    /// The user's membership in a workspace, or nil when they have none (callers answer 404).
    public static func membership(userID: UUID, workspaceID: UUID, on database: any Database) async throws -> Membership? {
        try await Membership.query(on: database)
            .filter(\.$user.$id == userID)
            .filter(\.$workspace.$id == workspaceID)
            .first()
    }

    /// The user's membership in a workspace with the workspace, in one statement (every request
    /// inside a workspace asks), or nil when they have none.
    public static func access(userID: UUID, workspaceID: UUID, on database: any Database) async throws -> (Workspace, Role)? {
        guard let membership = try await Membership.query(on: database)
            .join(Workspace.self, on: \Membership.$workspace.$id == \Workspace.$id)
            .filter(\.$user.$id == userID)
            .filter(\.$workspace.$id == workspaceID)
            .first() else { return nil }
        return (try membership.joined(Workspace.self), membership.role)
    }

    /// Members of a workspace with their user rows, by name.
    public static func members(of workspaceID: UUID, on database: any Database) async throws -> [Membership] {
        try await Membership.scoped(to: workspaceID, on: database)
            .join(User.self, on: \Membership.$user.$id == \User.$id)
            .all()
            .map { membership in
                membership.$user.value = try membership.joined(User.self)
                return membership
            }
            .sorted { $0.user.name.localizedCaseInsensitiveCompare($1.user.name) == .orderedAscending }
    }

    public static func ownerCount(of workspaceID: UUID, on database: any Database) async throws -> Int {
        try await Membership.scoped(to: workspaceID, on: database)
            .filter(\.$roleName == Role.owner.rawValue)
            .count()
    }

    public static func user(email: EmailAddress, on database: any Database) async throws -> User? {
        try await User.query(on: database).filter(\.$email == email.value).first()
    }

    /// Whether first-run setup has happened (an organisation exists).
    public static func isSetUp(on database: any Database) async throws -> Bool {
        try await Organization.query(on: database).count() > 0
    }
}
