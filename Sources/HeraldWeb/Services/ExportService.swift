import Fluent
import HeraldCore
import HeraldStore
import Vapor

/// Everything of one workspace as JSON, for backups and leaving. Credentials are never exported.
enum ExportService {
    struct WorkspaceExport: Content {
        var format = "herald-workspace-export/1"
        var exportedAt: Date
        var workspace: WorkspaceDTO
        var members: [MemberDTO]
        var channels: [ChannelDTO]
        var posts: [PostDTO]

        enum CodingKeys: String, CodingKey {
            case format, workspace, members, channels, posts
            case exportedAt = "exported_at"
        }
    }

    static func export(_ access: WorkspaceAccess, on database: any Database) async throws -> WorkspaceExport {
        try access.require(.exportData)
        let members = try await TenancyQueries.members(of: access.workspaceID, on: database)
        let channels = try await SocialChannel.scoped(to: access.workspaceID, on: database).sort(\.$name).all()
        let posts = try await Post.scoped(to: access.workspaceID, on: database).sort(\.$createdAt).all()
        return WorkspaceExport(
            exportedAt: Date(),
            workspace: try WorkspaceDTO(access.workspace, role: access.role),
            members: try members.map(MemberDTO.init),
            channels: try channels.map(ChannelDTO.init),
            posts: try posts.map(PostDTO.init)
        )
    }

    /// The export as a JSON attachment, for the web download and the API alike.
    static func download(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let response = try await export(access, on: req.db).encodeResponse(for: req)
        response.headers.contentDisposition = .init(.attachment, filename: "herald-export-\(access.workspaceID).json")
        return response
    }
}
