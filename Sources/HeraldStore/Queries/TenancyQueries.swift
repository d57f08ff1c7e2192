import FluentKit
import SQLKit
import Foundation
import HeraldCore

/// The questions tenancy asks of the database. Kept apart from handlers so tests call them directly.
public enum TenancyQueries {
    /// The workspaces a user is a member of, with their role in each, by name, as models (the
    /// API's list, the calendar feed), in one joined statement; pages read `listed` instead.
    public static func workspaces(of userID: UUID, on database: any Database) async throws -> [(Workspace, Role)] {
        let memberships = try await Membership.query(on: database)
            .join(Workspace.self, on: \Membership.$workspace.$id == \Workspace.$id)
            .filter(\.$user.$id == userID)
            .all()
        return try memberships
            .map { (try $0.joined(Workspace.self), $0.role) }
            .sorted { $0.0.name.localizedCaseInsensitiveCompare($1.0.name) == .orderedAscending }
    }

    /// A workspace as the switcher on every page shows it.
    public struct Listed: Sendable, Equatable {
        public var id: UUID
        public var name: String
        public var timeZone: String
        public var role: Role
    }

    /// The user's workspaces by name, as plain rows (every page shows them; models would be built
    /// by reflection, a visible cost per page for someone in many workspaces).
    public static func listed(of userID: UUID, on database: any Database) async throws -> [Listed] {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        return try listed(try await sql.raw(listedStatement(of: userID)).all())
    }

    /// The statement behind `listed` (also read beside the bell's counts: `Waiting.listedWithCounts`).
    static func listedStatement(of userID: UUID) -> SQLQueryString {
        """
        SELECT w.id, w.name, w.time_zone, m.role FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
        WHERE m.user_id = \(bind: userID)
        """
    }

    /// Rows with a workspace's `id`, `name`, `time_zone` and the membership's `role`, by name.
    static func listed(_ rows: [any SQLRow]) throws -> [Listed] {
        try rows.map { row in
            Listed(id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                   timeZone: try row.decode(column: "time_zone", as: String.self),
                   role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .viewer)
        }
        .sorted { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
    }

    /// The user's membership in a workspace, or nil when they have none (callers answer 404).
    public static func membership(userID: UUID, workspaceID: UUID, on database: any Database) async throws -> Membership? {
        try await Membership.query(on: database)
            .filter(\.$user.$id == userID)
            .filter(\.$workspace.$id == workspaceID)
            .first()
    }

    /// The user's membership in a workspace with the workspace, in one statement (every request
    /// inside a workspace asks), or nil when they have none; the workspace filled from a plain row (`FrameRow`).
    public static func access(userID: UUID, workspaceID: UUID, on database: any Database) async throws -> (Workspace, Role)? {
        guard let row = try await PreparedOnPostgres.rows("""
            SELECT m.role AS m_role, \(unsafeRaw: workspaceColumns) FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
            WHERE m.user_id = \(bind: userID) AND m.workspace_id = \(bind: workspaceID)
            """, as: AccessStatement.self, on: database).first else { return nil }
        return (try Workspace.from(row, alias: "w"), Role(rawValue: try row.decode(column: "m_role", as: String.self)) ?? .viewer)
    }

    private static let workspaceColumns = Workspace.selectList("w")
    /// Every request inside a workspace asks: prepared once per connection on PostgreSQL.
    private enum AccessStatement: PreparedOnPostgres.Name { static let name = "access" }

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
