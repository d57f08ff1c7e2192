import Fluent
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// `/api/v1`: A workspace's members and their roles.
enum MembersAPI {
    static func register(_ api: any RoutesBuilder, workspace: any RoutesBuilder) {
        workspace.get("members", use: listMembers)
        workspace.post("members", use: addMember)
        workspace.patch("members", ":user", use: changeMemberRole)
        workspace.delete("members", ":user", use: removeMember)
        workspace.post("members", ":user", "password-link", use: passwordLink)
    }

    @Sendable static func listMembers(req: Request) async throws -> ListDTO<MemberDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.viewMembers)
        return ListDTO(items: try await TenancyQueries.members(of: access.workspaceID, on: req.db).map(MemberDTO.init))
    }

    @Sendable static func addMember(req: Request) async throws -> Response {
        let input = try req.decodeJSON(MemberInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let added = try await MemberService.add(
            access, .init(email: input.email, name: input.name, password: input.password, role: input.role),
            hasher: req.application.runtime.passwords, baseURL: req.application.herald.baseURL,
            mailOn: req.application.herald.smtp != nil, on: req.db)
        var member = try MemberDTO(added.membership)
        member.inviteUrl = added.inviteLink
        if added.inviteLink != nil || added.invitationMailed { member.invitationMailed = added.invitationMailed }
        return try await member.encodeResponse(status: .created, for: req)
    }

    /// `POST …/members/:user/password-link`: a link that sets a new password (an hour, once), to pass on.
    @Sendable static func passwordLink(req: Request) async throws -> PasswordLinkDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let (_, link) = try await MemberService.passwordLink(access, userID: req.uuidParameter("user"), baseURL: req.application.herald.baseURL,
                                                            on: req.db)
        return PasswordLinkDTO(url: link, expiresInSeconds: Int(PasswordLinks.Purpose.reset.lifetime))
    }

    @Sendable static func changeMemberRole(req: Request) async throws -> MemberDTO {
        let input = try req.decodeJSON(RoleInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        return try MemberDTO(try await MemberService.changeRole(access, userID: req.uuidParameter("user"),
                                                                role: input.role, on: req.db))
    }

    @Sendable static func removeMember(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await MemberService.remove(access, userID: req.uuidParameter("user"), on: req.db)
        return .noContent
    }
}

struct PasswordLinkDTO: Content {
    var url: String
    var expiresInSeconds: Int
}
