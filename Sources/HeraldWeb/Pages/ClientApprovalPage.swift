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
        // Valid for this version of the post only, until revoked or expired.
        guard let postID = req.parameters.get("post").flatMap(UUID.init(text:)),
              let expires = req.parameters.get("expires").flatMap(Int.init),
              let signature = req.parameters.get("signature"),
              let (post, workspace) = try await WorkflowService.clientLink(postID: postID, expires: expires, signature: signature,
                                                                          box: req.application.secretBox, on: req.db)
        else { throw refused }
        return Link(post: post, workspace: workspace)
    }

    /// An image attached to the post, for the client's previews (only files of that post).
    @Sendable static func media(req: Request) async throws -> Response {
        let link = try await resolve(req)
        guard let id = req.parameters.get("media").flatMap(UUID.init(text:)) else { throw AppError.notFound }
        let workspaceID = try link.workspace.requireID()
        guard let file = try await WorkflowService.clientFile(id, of: link.post, workspaceID: workspaceID, on: req.db) else {
            throw AppError.notFound
        }
        return try await MediaService.fileResponse(req, file: file, workspaceID: workspaceID)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let link = try await resolve(req)
        let done = (try? req.query.get(String.self, at: "done")) == L.approvalThanks.rawValue
        return try await respond(req, link: link, error: nil, done: done)
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
            return try await respond(req, link: link, error: error, done: false, status: .unprocessableEntity)
        }
    }

    /// The post's history and previews, read; then the page.
    static func respond(_ req: Request, link: Link, error: ValidationError?, done: Bool,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let workspaceID = try link.workspace.requireID()
        let events = try await WorkflowService.events(of: link.post.requireID(), workspaceID: workspaceID, on: req.db)
        let previews = try await PostScreen.previews(link.post, workspace: link.workspace, on: req.db)
        let context = PageContext(language: req.language, csrf: req.csrfFieldValue, user: nil, workspaces: [], access: nil,
                                  notice: done ? L.approvalThanks.text(in: req.language) : nil, path: req.url.path,
                                  zone: link.workspace.zone)
        return .page(view(context, link: link, events: events, previews: previews, typed: (req.formValue("name") ?? "", req.formValue("comment") ?? ""),
                          error: error), status: status)
    }

    /// `typed`: the name and comment as sent, kept when the answer was refused.
    static func view(_ context: PageContext, link: Link, events: [PostEvent], previews: [PostScreen.Preview],
                     typed: (name: String, comment: String), error: ValidationError?) -> HTML {
        let base = context.path
        let cards = PostPreview.cards(previews) { base + "/media/" + ($0.id?.text ?? "") }
        let canDecide = link.post.status == .inReview
        let form: HTML = context.form(base, """
            \(Layout.formError(context, error, fields: ["name", "comment"]))
            \(Layout.field(context, name: "name", label: context.t(.approvalYourName), value: typed.name, error: error, autocomplete: "name"))
            <label for="comment">\(context.t(.approvalComment))</label>
            <textarea id="comment" name="comment" rows="3">\(typed.comment)</textarea>
            \(Layout.fieldError(context, error?.problem(with: "comment"), name: "comment"))
            <div class="row">
            \(canDecide ? "<button type=\"submit\" name=\"action\" value=\"approve\">\(context.t(.approvalApprove))</button><button type=\"submit\" name=\"action\" value=\"request_changes\" class=\"secondary\">\(context.t(.approvalRequestChanges))</button>" as HTML : .empty)
            <button type="submit" name="action" value="comment" class="secondary">\(context.t(.approvalAddComment))</button>
            </div>
            """)
        return Layout.page(context, title: context.t(.approvalClientTitle), body: """
            <h1>\(context.t(.approvalClientTitle))</h1>
            <p class="muted">\(link.workspace.name) · <span class="status">\(context.t(link.post.status.label))</span></p>
            <div class="previews">\(cards)</div>
            \(ApprovalPanel.thread(context, events: events))
            \(form)
            """)
    }
}
