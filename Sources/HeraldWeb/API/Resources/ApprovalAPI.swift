import Fluent
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// `/api/v1`: The approval workflow of a post and its client link.
enum ApprovalAPI {
    static func register(_ api: any RoutesBuilder, workspace: any RoutesBuilder) {
        workspace.post("posts", ":post", "submit", use: submitPost)
        workspace.post("posts", ":post", "approve", use: approvePost)
        workspace.post("posts", ":post", "request-changes", use: requestChanges)
        workspace.post("posts", ":post", "comments", use: commentOnPost)
        workspace.get("posts", ":post", "events", use: postEvents)
        workspace.post("posts", ":post", "approval-link", use: approvalLink)
        workspace.delete("posts", ":post", "approval-link", use: revokeApprovalLinks)
    }

    @Sendable static func submitPost(req: Request) async throws -> PostDetailDTO { try await workflow(req, .submit) }
    @Sendable static func approvePost(req: Request) async throws -> PostDetailDTO { try await workflow(req, .approve) }
    @Sendable static func requestChanges(req: Request) async throws -> PostDetailDTO { try await workflow(req, .requestChanges) }
    @Sendable static func commentOnPost(req: Request) async throws -> PostDetailDTO { try await workflow(req, .comment) }

    static func workflow(_ req: Request, _ action: PostWorkflow.Action) async throws -> PostDetailDTO {
        let comment = req.body.data?.readableBytes ?? 0 > 0 ? try req.decodeJSON(CommentInput.self).comment : nil
        let access = try await WorkspaceAccess.resolve(req)
        let post = try await PostService.find(access, id: req.uuidParameter("post"), on: req.db)
        _ = try await WorkflowService.act(post, workspace: access.workspace, action: action, comment: comment,
                                          actor: WorkflowService.actor(access), notifier: req.application.runtime.notifier, on: req.db)
        return try await PostDetailDTO.make(post, access: access, language: req.language, on: req.db)
    }

    @Sendable static func postEvents(req: Request) async throws -> ListDTO<EventDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        let post = try await PostService.find(access, id: req.uuidParameter("post"), on: req.db)
        return ListDTO(items: try await WorkflowService.events(of: post.requireID(), access: access, on: req.db).map(EventDTO.init))
    }

    @Sendable static func approvalLink(req: Request) async throws -> ApprovalLinkDTO {
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.editPosts)
        let post = try await PostService.find(access, id: req.uuidParameter("post"), on: req.db)
        let link = try await SiteURL.newApprovalLink(post: post, workspace: access.workspace, box: req.application.secretBox,
                                                     baseURL: req.application.herald.baseURL, on: req.db)
        return ApprovalLinkDTO(url: link.url, expiresAt: link.expires)
    }

    /// Ends every client link made for the post so far.
    @Sendable static func revokeApprovalLinks(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await WorkflowService.revokeApprovalLinks(access, postID: try req.uuidParameter("post"), on: req.db)
        return .noContent
    }
}
