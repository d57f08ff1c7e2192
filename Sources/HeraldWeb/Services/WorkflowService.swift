import Fluent
import HeraldCore
import HeraldStore
import Vapor

/// Review and approval of posts, and the audit log every change of status goes into.
enum WorkflowService {
    /// Who is acting, as the log will name them.
    struct Actor {
        var workflow: PostWorkflow.Actor
        var userID: UUID?
        var name: String
    }

    static func actor(_ access: WorkspaceAccess) -> Actor {
        Actor(workflow: .member(access.role), userID: access.userID, name: access.user.name)
    }

    /// Applies a workflow action and logs it, in one transaction.
    static func act(_ post: Post, workspace: Workspace, action: PostWorkflow.Action, comment rawComment: String?,
                    actor: Actor, on database: any Database) async throws -> Post {
        let comment = rawComment?.trimmingCharacters(in: .whitespacesAndNewlines)
        let cleanComment = comment?.isEmpty == false ? comment : nil
        if (action == .requestChanges || action == .comment) && cleanComment == nil {
            throw ValidationError(code: "required", field: "comment", message: .init(.approvalCommentRequired))
        }
        if let cleanComment, cleanComment.count > 5000 {
            throw ValidationError(code: "too_long", field: "comment", message: .init(.errorTooLong, "5000", String(cleanComment.count - 5000)))
        }
        let from = post.status
        let to = try PostWorkflow.next(from: from, action: action, by: actor.workflow)
        try await database.writeTransaction { tx in
            post.statusName = to.rawValue
            try await post.save(on: tx)
            try await log(post, workspaceID: workspace.requireID(), action: action.rawValue, from: from, to: to,
                          comment: cleanComment, actor: actor, on: tx)
        }
        return post
    }

    static func log(_ post: Post, workspaceID: UUID, action: String, from: PostStatus, to: PostStatus, comment: String?,
                    actor: Actor, on database: any Database) async throws {
        try await PostEvent(workspaceID: workspaceID, postID: post.requireID(), actorID: actor.userID, actorName: actor.name,
                            action: action, from: from.rawValue, to: to.rawValue, comment: comment).save(on: database)
    }

    static func events(of postID: UUID, access: WorkspaceAccess, on database: any Database) async throws -> [PostEvent] {
        try await events(of: postID, workspaceID: access.workspaceID, on: database)
    }

    static func events(of postID: UUID, workspaceID: UUID, on database: any Database) async throws -> [PostEvent] {
        try await PostEvent.scoped(to: workspaceID, on: database).filter(\.$post.$id == postID).sort(\.$createdAt).all()
    }

    // MARK: Client approval links

    static let linkLifetime: TimeInterval = 7 * 86_400

    /// `/approve/<post>/<expires>/<signature>`: no account, no stored secret; valid until `expires`.
    static func approvalLink(postID: UUID, box: SecretBox, now: Date = Date()) -> (path: String, expires: Date) {
        let expires = Int(now.addingTimeInterval(linkLifetime).timeIntervalSince1970)
        return (SiteURL.clientApproval(postID, expires, signature(postID: postID, expires: expires, box: box)).path,
                Date(timeIntervalSince1970: TimeInterval(expires)))
    }

    static func signature(postID: UUID, expires: Int, box: SecretBox) -> String {
        box.authenticationCode(for: "approval:\(postID.uuidString):\(expires)").base64URLEncoded
    }

    static func verify(postID: UUID, expires: Int, signature given: String, box: SecretBox, now: Date = Date()) -> Bool {
        expires > Int(now.timeIntervalSince1970)
            && SecretToken.constantTimeEquals(given, signature(postID: postID, expires: expires, box: box))
    }
}
