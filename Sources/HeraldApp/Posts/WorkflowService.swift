import Crypto
import FluentKit
import Foundation
import HeraldCore
import HeraldJobs
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
                    actor: Actor, notifier: Notifier? = nil, on database: any Database) async throws -> Post {
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
            try await notifier?.workflow(action: action, post: post, workspace: workspace, actorID: actor.userID, actorName: actor.name,
                                     comment: cleanComment, on: tx)
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

    /// What `/approve/<post>/<expires>/<signature>` carries: no account, no stored secret; valid
    /// until `expires`, for this version of the post only (its content is in the signature, so any
    /// edit ends the link) and until its links are revoked (the revision is in it too).
    package static func approvalLink(post: Post, workspace: Workspace, box: SecretBox, now: Date = Date(),
                                     on database: any Database) async throws -> (expires: Int, signature: String) {
        let expires = Int(now.addingTimeInterval(linkLifetime).timeIntervalSince1970)
        return (expires, signature(post: post, expires: expires, content: try await contentHash(post, workspace: workspace, on: database),
                                   box: box))
    }

    static func signature(post: Post, expires: Int, content: String, box: SecretBox) -> String {
        let id = post.id?.text ?? ""
        return box.authenticationCode(for: "approval:\(id):\(expires):\(post.approvalLinkRevision ?? 0):\(content)").base64URLEncoded
    }

    package static func verify(post: Post, workspace: Workspace, expires: Int, signature given: String, box: SecretBox,
                               now: Date = Date(), on database: any Database) async throws -> Bool {
        guard expires > Int(now.timeIntervalSince1970) else { return false }
        let expected = signature(post: post, expires: expires, content: try await contentHash(post, workspace: workspace, on: database),
                                 box: box)
        return SecretToken.constantTimeEquals(given, expected)
    }

    /// The post and workspace a client link opens, or nil when the link is unknown, expired,
    /// revoked or made for an earlier version of the post (one answer for all: nothing to probe).
    package static func clientLink(postID: UUID, expires: Int, signature: String, box: SecretBox, now: Date = Date(),
                                   on database: any Database) async throws -> (post: Post, workspace: Workspace)? {
        guard let post = try await Post.find(postID, on: database) else { return nil }
        try await post.$workspace.load(on: database)
        guard try await verify(post: post, workspace: post.workspace, expires: expires, signature: signature, box: box, now: now,
                               on: database) else { return nil }
        return (post, post.workspace)
    }

    /// A file attached to the post (to the post itself or to one of its channels), for the
    /// client's previews; nil for any other file.
    package static func clientFile(_ id: UUID, of post: Post, workspaceID: UUID, on database: any Database) async throws -> MediaFile? {
        let targets = try await PostTarget.scoped(to: workspaceID, on: database).filter(\.$post.$id == post.requireID()).all()
        guard Set(post.mediaIDs + targets.flatMap { $0.ownMediaIDs ?? [] }).contains(id) else { return nil }
        return try await MediaFile.find(id, in: workspaceID, on: database)
    }

    /// Ends every client link made for this post so far.
    package static func revokeApprovalLinks(_ access: WorkspaceAccess, postID: UUID, on database: any Database) async throws {
        try access.require(.editPosts)
        let post = try await PostService.find(access, id: postID, on: database)
        post.approvalLinkRevision = (post.approvalLinkRevision ?? 0) + 1
        try await post.save(on: database)
    }

    /// A digest of everything the client approves: what each channel gets (`Outgoing`), the media
    /// and the advertising.
    static func contentHash(_ post: Post, workspace: Workspace, on database: any Database) async throws -> String {
        var parts = [post.text, post.isAd ? "ad:\(post.adAdvertiser ?? ""):\(post.adToken ?? "")" : "",
                     post.mediaIDs.map(\.text).joined(separator: ",")]
        for (target, _, outgoing) in try await PostService.outgoing(of: post, workspace: workspace, on: database)
            .sorted(by: { $0.0.$channel.id.text < $1.0.$channel.id.text }) {
            parts += [target.$channel.id.text, outgoing.text, outgoing.firstComment ?? "", outgoing.link ?? "",
                      outgoing.thread.joined(separator: "\u{1E}"),
                      (target.ownMediaIDs ?? []).map(\.text).joined(separator: ","),
                      outgoing.options.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")]
        }
        return Hex.encode(SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8)))
    }
}
