import HeraldCore
import Testing

@Suite("Roles and permissions")
struct RoleTests {
    /// The whole matrix, spelled out: a change to a role's powers must change this table.
    static let matrix: [(Role, Set<Permission>)] = [
        (.owner, Set(Permission.allCases)),
        (.admin, [.viewWorkspace, .viewPosts, .viewChannels, .viewMembers, .editPosts, .approvePosts,
                  .manageChannels, .manageMembers, .manageSettings, .exportData]),
        (.editor, [.viewWorkspace, .viewPosts, .viewChannels, .viewMembers, .editPosts]),
        (.approver, [.viewWorkspace, .viewPosts, .viewChannels, .viewMembers, .approvePosts]),
        (.viewer, [.viewWorkspace, .viewPosts, .viewChannels, .viewMembers]),
    ]

    @Test("each role allows exactly its permissions", arguments: matrix)
    func allows(role: Role, expected: Set<Permission>) {
        for permission in Permission.allCases {
            #expect(role.allows(permission) == expected.contains(permission), "\(role) / \(permission)")
        }
    }

    @Test("owners assign any role, admins all but owner, others none")
    func assignment() {
        #expect(Role.allCases.allSatisfy(Role.owner.canAssign))
        #expect(Role.allCases.filter(Role.admin.canAssign) == [.admin, .editor, .approver, .viewer])
        for role in [Role.editor, .approver, .viewer] {
            #expect(Role.allCases.filter(role.canAssign).isEmpty)
        }
    }
}
