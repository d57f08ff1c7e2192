import Fluent
import HeraldCore
import HeraldStore
import Vapor

/// The workspace a request acts in and the acting user's role there. Built only from a
/// membership row: a user who is not a member gets 404, exactly as for a workspace that does not
/// exist, so ids of other clients' workspaces reveal nothing.
struct WorkspaceAccess: Sendable {
    let user: User
    let userID: UUID
    let workspace: Workspace
    let workspaceID: UUID
    let role: Role

    func require(_ permission: Permission) throws {
        guard role.allows(permission) else { throw AppError.forbidden(role: role) }
    }

    func can(_ permission: Permission) -> Bool { role.allows(permission) }

    static func resolve(_ request: Request, parameter: String = "workspace") async throws -> WorkspaceAccess {
        let user = try request.requireUser()
        let workspaceID = try request.uuidParameter(parameter)
        return try await resolve(userID: user.requireID(), user: user, workspaceID: workspaceID, on: request.db)
    }

    static func resolve(userID: UUID, user: User, workspaceID: UUID, on database: any Database) async throws -> WorkspaceAccess {
        guard let membership = try await TenancyQueries.membership(userID: userID, workspaceID: workspaceID, on: database),
              let workspace = try await Workspace.find(workspaceID, on: database)
        else { throw AppError.notFound }
        return WorkspaceAccess(user: user, userID: userID, workspace: workspace, workspaceID: workspaceID,
                               role: membership.role)
    }
}

extension Request {
    /// A UUID route parameter; a malformed id is a 404 (the thing cannot exist), not a crash.
    func uuidParameter(_ name: String) throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else { throw AppError.notFound }
        return id
    }
}
