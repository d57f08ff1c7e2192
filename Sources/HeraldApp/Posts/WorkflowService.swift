import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// Review and approval of posts, and the audit log every change of status goes into.
package enum WorkflowService {
    /// Who is acting, as the log will name them.
    package struct Actor {
        package var workflow: PostWorkflow.Actor
        package var userID: UUID?
        package var name: String

        package init(workflow: PostWorkflow.Actor, userID: UUID? = nil, name: String) {
            self.workflow = workflow
            self.userID = userID
            self.name = name
        }
    }

    package static func actor(_ access: WorkspaceAccess) -> Actor {
        Actor(workflow: .member(access.role), userID: access.userID, name: access.user.name)
    }

    /// Applies a workflow action and logs it, in one transaction.
    package static func act(_ post: Post, workspace: Workspace, action: PostWorkflow.Action, comment rawComment: String?,
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

    package static func log(_ post: Post, workspaceID: UUID, action: String, from: PostStatus, to: PostStatus, comment: String?,
                    actor: Actor, on database: any Database) async throws {
        try await PostEvent(workspaceID: workspaceID, postID: post.requireID(), actorID: actor.userID, actorName: actor.name,
                            action: action, from: from.rawValue, to: to.rawValue, comment: comment).save(on: database)
    }

    package static func events(of postID: UUID, access: WorkspaceAccess, on database: any Database) async throws -> [PostEvent] {
        try await events(of: postID, workspaceID: access.workspaceID, on: database)
    }

    package static func events(of postID: UUID, workspaceID: UUID, on database: any Database) async throws -> [PostEvent] {
        try await PostEvent.scoped(to: workspaceID, on: database).filter(\.$post.$id == postID).sort(\.$createdAt).all()
    }

    // MARK: Client approval links

    package static let linkLifetime: TimeInterval = 7 * 86_400

    /// What `/approve/<post>/<expires>/<signature>` carries: no account, no stored secret; valid until `expires`.
    package static func approvalLink(postID: UUID, box: SecretBox, now: Date = Date()) -> (expires: Int, signature: String) {
        let expires = Int(now.addingTimeInterval(linkLifetime).timeIntervalSince1970)
        return (expires, signature(postID: postID, expires: expires, box: box))
    }

    package static func signature(postID: UUID, expires: Int, box: SecretBox) -> String {
        box.authenticationCode(for: "approval:\(postID.uuidString):\(expires)").base64URLEncoded
    }

    package static func verify(postID: UUID, expires: Int, signature given: String, box: SecretBox, now: Date = Date()) -> Bool {
        expires > Int(now.timeIntervalSince1970)
            && SecretToken.constantTimeEquals(given, signature(postID: postID, expires: expires, box: box))
    }
}
