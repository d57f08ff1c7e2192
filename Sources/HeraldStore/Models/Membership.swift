import FluentKit
import Foundation
import HeraldCore

/// A user's role in one workspace. No membership, no access: not even to know it exists.
public final class Membership: Model, WorkspaceScoped, @unchecked Sendable {
    public static let schema = "memberships"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "workspace_id") public var workspace: Workspace
    @Parent(key: "user_id") public var user: User
    @Field(key: "role") public var roleName: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public static var workspaceIDKey: KeyPath<Membership, FieldProperty<Membership, UUID>> { \.$workspace.$id }

    public init() {}

    public init(id: UUID? = nil, workspaceID: UUID, userID: UUID, role: Role) {
        self.id = id
        self.$workspace.id = workspaceID
        self.$user.id = userID
        self.roleName = role.rawValue
    }

    public var role: Role {
        get { Role(rawValue: roleName) ?? .viewer }
        set { roleName = newValue.rawValue }
    }
}
