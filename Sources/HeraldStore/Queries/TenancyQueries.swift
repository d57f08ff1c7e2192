import FluentKit
import Foundation
import HeraldCore

/// The questions tenancy asks of the database. Kept apart from handlers so tests call them directly.
public enum TenancyQueries {
    /// The workspaces a user is a member of, with their role in each, by name.
    public static func workspaces(of userID: UUID, on database: any Database) async throws -> [(Workspace, Role)] {
        let memberships = try await Membership.query(on: database)
            .filter(\.$user.$id == userID)
            .with(\.$workspace)
            .all()
        return memberships
            .map { ($0.workspace, $0.role) }
            .sorted { $0.0.name.localizedCaseInsensitiveCompare($1.0.name) == .orderedAscending }
    }

    /// The user's membership in a workspace, or nil when they have none (callers answer 404).
    public static func membership(userID: UUID, workspaceID: UUID, on database: any Database) async throws -> Membership? {
        try await Membership.query(on: database)
            .filter(\.$user.$id == userID)
            .filter(\.$workspace.$id == workspaceID)
            .first()
    }

    /// Members of a workspace with their user rows, by name.
    public static func members(of workspaceID: UUID, on database: any Database) async throws -> [Membership] {
        try await Membership.scoped(to: workspaceID, on: database)
            .with(\.$user)
            .all()
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
