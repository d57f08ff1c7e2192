import Fluent
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// What an outside client sees through a signed link: the previews, the thread, and a form to
/// approve or request changes, without an account. Only `approve`, `request_changes` and
/// `comment` are possible, and only while the link is valid.
enum ClientApprovalPage {
    struct Link {
        var post: Post
        var workspace: Workspace
    }

    static func resolve(_ req: Request) async throws -> Link {
        let refused = ValidationError(code: "link_expired", field: nil, message: .init(.approvalLinkExpired))
        guard let postID = req.parameters.get("post").flatMap(UUID.init(uuidString:)),
              let expires = req.parameters.get("expires").flatMap(Int.init),
              let signature = req.parameters.get("signature"),
              let post = try await Post.find(postID, on: req.db)
        else { throw refused }
        try await post.$workspace.load(on: req.db)
        // Valid for this version of the post only, until revoked or expired.
        guard try await WorkflowService.verify(post: post, workspace: post.workspace, expires: expires, signature: signature,
                                               box: req.application.secretBox, on: req.db) else { throw refused }
        return Link(post: post, workspace: post.workspace)
    }

    /// An image attached to the post, for the client's previews (only files of that post).
    @Sendable static func media(req: Request) async throws -> Response {
        let link = try await resolve(req)
        guard let id = req.parameters.get("media").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        let workspaceID = try link.workspace.requireID()
        let targets = try await PostTarget.scoped(to: workspaceID, on: req.db).filter(\.$post.$id == link.post.requireID()).all()
        let attached = Set(link.post.mediaIDs + targets.flatMap { $0.ownMediaIDs ?? [] })
        guard attached.contains(id), let file = try await MediaFile.find(id, in: workspaceID, on: req.db) else { throw AppError.notFound }
        return try await MediaService.fileResponse(req, file: file, workspaceID: workspaceID)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let link = try await resolve(req)
        let done = (try? req.query.get(String.self, at: "done")) == L.approvalThanks.rawValue
        return .page(try await render(req, link: link, error: nil, done: done))
    }

    @Sendable static func answer(req: Request) async throws -> Response {
        let link = try await resolve(req)
        let action = req.formValue("action").flatMap(PostWorkflow.Action.init(rawValue:)) ?? .comment
        let name = (req.formValue("name") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            let who = try Fields.name(name, field: "name", maxLength: 80)
            _ = try await WorkflowService.act(link.post, workspace: link.workspace, action: action, comment: req.formValue("comment"),
                                              actor: .init(workflow: .clientLink, userID: nil, name: who), notifier: req.application.runtime.notifier, on: req.db)
            // Answered: back to the page by GET, so a reload or a second click does not send it again
            // and the boxes are empty.
            return req.redirect(to: req.url.path + "?done=\(L.approvalThanks.rawValue)")
        } catch let error as ValidationError {
            return .page(try await render(req, link: link, error: error, done: false), status: .unprocessableEntity)
        }
    }

    static func render(_ req: Request, link: Link, error: ValidationError?, done: Bool) async throws -> HTML {
        let workspaceID = try link.workspace.requireID()
        let events = try await WorkflowService.events(of: link.post.requireID(), workspaceID: workspaceID, on: req.db)
        let context = PageContext(language: req.language, csrf: req.csrfToken, user: nil, workspaces: [], access: nil,
                                  notice: done ? L.approvalThanks.text(in: req.language) : nil, path: req.url.path,
                                  zone: link.workspace.zone)
        let base = req.url.path
        let previews = try await PostPreview.all(link.post, workspace: link.workspace, on: req.db) {
            base + "/media/" + ($0.id?.uuidString ?? "")
        }
        let canDecide = link.post.status == .inReview
        let form: HTML = context.form(req.url.path, """
            \(Layout.formError(context, error, fields: ["name", "comment"]))
            \(Layout.field(context, name: "name", label: context.t(.approvalYourName), value: req.formValue("name") ?? "", error: error, autocomplete: "name"))
            <label for="comment">\(context.t(.approvalComment))</label>
            <textarea id="comment" name="comment" rows="3">\(req.formValue("comment") ?? "")</textarea>
            \(Layout.fieldError(context, error?.problem(with: "comment"), name: "comment"))
            <div class="row">
            \(canDecide ? "<button type=\"submit\" name=\"action\" value=\"approve\">\(context.t(.approvalApprove))</button><button type=\"submit\" name=\"action\" value=\"request_changes\" class=\"secondary\">\(context.t(.approvalRequestChanges))</button>" as HTML : .empty)
            <button type="submit" name="action" value="comment" class="secondary">\(context.t(.approvalAddComment))</button>
            </div>
            """)
        return Layout.page(context, title: context.t(.approvalClientTitle), body: """
            <h1>\(context.t(.approvalClientTitle))</h1>
            <p class="muted">\(link.workspace.name) · <span class="status">\(context.t(link.post.status.label))</span></p>
            <div class="previews">\(previews)</div>
            \(ApprovalPanel.thread(context, events: events))
            \(form)
            """)
    }
}
