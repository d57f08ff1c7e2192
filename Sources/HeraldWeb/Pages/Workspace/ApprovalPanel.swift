import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// On a post's page: its status, the review thread, and the actions this role may take.
enum ApprovalPanel {
    static func eventLabel(_ action: String) -> L {
        switch action {
        case "submit": .eventSubmit
        case "approve": .eventApprove
        case "request_changes": .eventRequestChanges
        case "comment": .eventComment
        case "scheduled": .eventScheduled
        case "unscheduled": .eventUnscheduled
        case "edited": .eventEdited
        case PostEvent.publishedTwice: .eventPublishedTwice
        case PostEvent.published: .eventPublished
        case "imported": .eventImported
        default: .eventCreated
        }
    }

    static func thread(_ context: PageContext, events: [PostEvent]) -> HTML {
        let items: [HTML] = events.map { event in
            """
            <li><strong>\(event.actorName)</strong> \(context.t(eventLabel(event.action))) <small>\(context.date(event.createdAt))</small>
            \(event.comment.map { "<blockquote>\($0)</blockquote>" as HTML })</li>
            """
        }
        return "<ol class=\"thread\">\(items)</ol>"
    }

    static func render(_ context: PageContext, access: WorkspaceAccess, post: Post, events: [PostEvent],
                       link: (String, Date)?, error: ValidationError?) -> HTML {
        let id = post.id
        let path = { (action: PostWorkflow.Action) in SiteURL.workspace(access.workspaceID, .workflow(id, action.rawValue)).path }
        var actions: [HTML] = []
        if post.status == .draft, access.can(.editPosts) {
            actions.append(context.button(path(.submit), context.t(.approvalSubmit)))
        }
        if post.status == .inReview, access.can(.approvePosts) {
            actions.append(context.form(path(.approve), """
                <input type="hidden" name="comment" value=""><button type="submit">\(context.t(.approvalApprove))</button>
                """, className: "inline"))
        }
        let commentForm: HTML = context.form(path(.comment), """
            \(Layout.formError(context, error, fields: []))
            <label for="comment">\(context.t(.approvalComment))</label>
            <textarea id="comment" name="comment" rows="3"\(error?.problem(with: "comment") != nil ? " aria-invalid=\"true\"" as HTML : .empty)></textarea>
            \(Layout.fieldError(context, error?.problem(with: "comment"), name: "comment"))
            <div class="row"><button type="submit" class="secondary">\(context.t(.approvalAddComment))</button>
            \(post.status == .inReview && access.can(.approvePosts) ? "<button type=\"submit\" formaction=\"\(path(.requestChanges))\" class=\"secondary\">\(context.t(.approvalRequestChanges))</button>" as HTML : .empty)</div>
            """)
        let linkHTML: HTML
        if let (url, expires) = link {
            linkHTML = "<p class=\"notice\">\(context.t(LocalizedText(.approvalLinkHint, context.date(expires))))<br><code class=\"secret\">\(url)</code></p>"
        } else if access.can(.editPosts) {
            linkHTML = """
                \(context.button(SiteURL.workspace(access.workspaceID, .approvalLink(id)).path, context.t(.approvalLinkCreate)))
                \((post.approvalLinkRevision != nil || post.status == .inReview) ? context.button(SiteURL.workspace(access.workspaceID, .approvalLinkRevoke(id)).path, context.t(.approvalLinkRevoke)) : .empty)
                """
        } else {
            linkHTML = .empty
        }
        return """
        <section id="approval"><h2>\(context.t(.approvalTitle))</h2>
        <p><span class="status status-\(post.statusName)">\(context.t(post.status.label))</span></p>
        \(thread(context, events: events))
        <div class="row">\(actions)</div>
        \(commentForm)
        \(linkHTML)
        </section>
        """
    }

    @Sendable static func act(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let id = try req.uuidParameter("post")
        guard let action = req.parameters.get("action").flatMap(PostWorkflow.Action.init(rawValue:)) else { throw AppError.notFound }
        let post = try await PostService.find(access, id: id, on: req.db)
        do {
            _ = try await WorkflowService.act(post, workspace: access.workspace, action: action, comment: req.formValue("comment"),
                                              actor: WorkflowService.actor(access), notifier: req.application.runtime.notifier, on: req.db)
            return req.redirect(to: SiteURL.workspace(access.workspaceID, .post(id)).path + "#approval")
        } catch let error as ValidationError {
            return try await ComposerPage.postPage(req, access: access, id: id, scheduleError: nil, approvalError: error,
                                                   status: .unprocessableEntity)
        }
    }

    @Sendable static func revokeLinks(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let id = try req.uuidParameter("post")
        try await WorkflowService.revokeApprovalLinks(access, postID: id, on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .post(id)).path + "?done=\(L.approvalLinksRevoked.rawValue)")
    }

    @Sendable static func createLink(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.editPosts)
        let id = try req.uuidParameter("post")
        let post = try await PostService.find(access, id: id, on: req.db)
        let link = try await SiteURL.newApprovalLink(post: post, workspace: access.workspace, box: req.application.secretBox,
                                                     baseURL: req.application.herald.baseURL, on: req.db)
        return try await ComposerPage.postPage(req, access: access, id: id, scheduleError: nil, approvalError: nil, link: link)
    }
}
