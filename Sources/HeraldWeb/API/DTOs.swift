import Foundation
import HeraldCore
import HeraldStore
import Vapor

// What the REST API returns. Field names are snake_case; dates ISO 8601 in UTC.

struct WorkspaceDTO: Content {
    var id: UUID
    var name: String
    var timeZone: String
    var language: String
    var role: Role
    var createdAt: Date?

    init(_ workspace: Workspace, role: Role) throws {
        id = try workspace.requireID()
        name = workspace.name
        timeZone = workspace.timeZone
        language = workspace.language
        self.role = role
        createdAt = workspace.createdAt
    }
}

struct MemberDTO: Content {
    var userId: UUID
    var email: String
    var name: String
    var role: Role
    var joinedAt: Date?

    init(_ membership: Membership) throws {
        userId = membership.$user.id
        email = membership.user.email
        name = membership.user.name
        role = membership.role
        joinedAt = membership.createdAt
    }
}

struct ChannelDTO: Content {
    var id: UUID
    var platform: String
    var name: String
    var state: ChannelState
    var createdAt: Date?

    init(_ channel: SocialChannel) throws {
        id = try channel.requireID()
        platform = channel.platformName
        name = channel.name
        state = channel.state
        createdAt = channel.createdAt
    }
}

struct PostDTO: Content {
    var id: UUID
    var text: String
    var status: PostStatus
    var authorId: UUID?
    var createdAt: Date?
    var updatedAt: Date?

    init(_ post: Post) throws {
        id = try post.requireID()
        text = post.text
        status = post.status
        authorId = post.$author.id
        createdAt = post.createdAt
        updatedAt = post.updatedAt
    }
}

struct UserDTO: Content {
    var id: UUID
    var email: String
    var name: String
    var language: String?
    var organizationRole: OrganizationRole

    init(_ user: User) throws {
        id = try user.requireID()
        email = user.email
        name = user.name
        language = user.language
        organizationRole = user.orgRole
    }
}

struct TokenDTO: Content {
    var id: UUID
    var name: String
    var prefix: String
    var createdAt: Date?
    var lastUsedAt: Date?
    /// Present only in the answer to the request that created the token.
    var token: String?

    init(_ token: APIToken, secret: String? = nil) throws {
        id = try token.requireID()
        name = token.name
        prefix = token.prefix
        createdAt = token.createdAt
        lastUsedAt = token.lastUsedAt
        self.token = secret
    }
}

struct ListDTO<Item: Content>: Content {
    var items: [Item]
}
