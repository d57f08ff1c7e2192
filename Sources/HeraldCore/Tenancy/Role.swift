/// A member's role in one workspace. Roles are per workspace: the same person may be an editor
/// for one client and an approver for another.
public enum Role: String, Codable, CaseIterable, Sendable, Comparable {
    case owner
    case admin
    case editor
    case approver
    case viewer

    /// Higher rank can do at least what a lower rank can, except that approvers are a side
    /// branch (they review but do not write), which `allows(_:)` encodes explicitly.
    var rank: Int {
        switch self {
        case .owner: 4
        case .admin: 3
        case .editor: 2
        case .approver: 1
        case .viewer: 0
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// The single source of truth for what each role may do.
    public func allows(_ permission: Permission) -> Bool {
        switch permission {
        case .viewWorkspace, .viewPosts, .viewChannels, .viewMembers:
            true
        case .editPosts:
            self == .owner || self == .admin || self == .editor
        case .approvePosts:
            self == .owner || self == .admin || self == .approver
        case .manageChannels, .manageMembers, .manageSettings, .exportData:
            self == .owner || self == .admin
        case .deleteWorkspace, .assignOwner:
            self == .owner
        }
    }

    /// Which roles this role may hand out or take away. Admins manage everyone but owners.
    public func canAssign(_ role: Role) -> Bool {
        switch self {
        case .owner: true
        case .admin: role != .owner
        default: false
        }
    }
}

/// Something a member may or may not do inside a workspace.
public enum Permission: String, CaseIterable, Sendable {
    case viewWorkspace
    case viewPosts
    case viewChannels
    case viewMembers
    case editPosts
    case approvePosts
    case manageChannels
    case manageMembers
    case manageSettings
    case exportData
    case deleteWorkspace
    case assignOwner
}
