/// A user's standing in the organisation that holds the workspaces. Owners create workspaces
/// and become owners of what they create; members only see workspaces they are members of.
public enum OrganizationRole: String, Codable, CaseIterable, Sendable {
    case owner
    case member

    public var canCreateWorkspaces: Bool { self == .owner }
}
