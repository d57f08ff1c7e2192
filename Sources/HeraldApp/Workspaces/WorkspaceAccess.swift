import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// The workspace a request acts in and the acting user's role there. Built only from a
/// membership row: a user who is not a member gets 404, exactly as for a workspace that does not
/// exist, so ids of other clients' workspaces reveal nothing.
package struct WorkspaceAccess: Sendable {
    package let user: User
    package let userID: UUID
    package let workspace: Workspace
    package let workspaceID: UUID
    package let role: Role

    package init(user: User, userID: UUID, workspace: Workspace, workspaceID: UUID, role: Role) {
        self.user = user
        self.userID = userID
        self.workspace = workspace
        self.workspaceID = workspaceID
        self.role = role
    }

    package func require(_ permission: Permission) throws {
        guard role.allows(permission) else { throw AppError.forbidden(role: role) }
    }

    package func can(_ permission: Permission) -> Bool { role.allows(permission) }


    package static func resolve(userID: UUID, user: User, workspaceID: UUID, on database: any Database) async throws -> WorkspaceAccess {
        guard let (workspace, role) = try await TenancyQueries.access(userID: userID, workspaceID: workspaceID, on: database)
        else { throw AppError.notFound }
        return WorkspaceAccess(user: user, userID: userID, workspace: workspace, workspaceID: workspaceID, role: role)
    }
}

