import FluentKit
import Foundation

/// A model whose rows belong to one workspace. Read and change them only through `scoped(to:)`
/// so that forgetting the workspace filter is not possible by accident.
public protocol WorkspaceScoped: Model where IDValue == UUID {
    /// The `workspace_id` field (Swift reserves `$` names, so protocols cannot name `$workspace`).
    static var workspaceIDKey: KeyPath<Self, FieldProperty<Self, UUID>> { get }
}

extension WorkspaceScoped {
    /// A query limited to one workspace's rows.
    public static func scoped(to workspaceID: UUID, on database: any Database) -> QueryBuilder<Self> {
        query(on: database).filter(workspaceIDKey == workspaceID)
    }

    /// One row by id, only if it belongs to that workspace; nil otherwise (callers answer 404,
    /// never 403, so that ids of other workspaces reveal nothing).
    public static func find(_ id: UUID, in workspaceID: UUID, on database: any Database) async throws -> Self? {
        try await scoped(to: workspaceID, on: database).filter(\Self._$id == id).first()
    }
}
