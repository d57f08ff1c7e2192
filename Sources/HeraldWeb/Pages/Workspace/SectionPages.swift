import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// The workspace's entry page and the composer's post list with its delete confirmation.
enum SectionPages {
    @Sendable static func overview(req: Request) async throws -> Response {
        req.redirect(to: SiteURL.workspace(try req.uuidParameter("workspace"), .today).path)
    }

    /// Asks before deleting (the list's Delete leads here; without `confirm=yes` the form comes back here).
    @Sendable static func confirmDelete(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.editPosts)
        let post = try await PostService.find(access, id: req.uuidParameter("post"), on: req.db)
        return .page(confirmDeleteView(try await PageContext.make(req, access: access), access: access, post: post))
    }

    static func confirmDeleteView(_ context: PageContext, access: WorkspaceAccess, post: Post) -> HTML {
        let action = SiteURL.workspace(access.workspaceID, .postDelete(post.id)).path
        return Layout.page(context, title: context.t(.postDeleteTitle), body: """
            <h1>\(context.t(.postDeleteTitle))</h1>
            <p>\(context.t(LocalizedText(.postDeleteExplain, post.excerpt, context.t(post.status.label))))</p>
            <form method="post" action="\(action)" class="row">\(context.csrfField)<input type="hidden" name="confirm" value="yes">
            <button type="submit" class="danger">\(context.t(.delete))</button>
            <a href="\(SiteURL.workspace(access.workspaceID, .post(post.id)).path)">\(context.t(.cancel))</a></form>
            """)
    }

    @Sendable static func deletePost(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let id = try req.uuidParameter("post")
        guard req.formValue("confirm") == "yes" else {
            _ = try await PostService.find(access, id: id, on: req.db)  // another workspace's post: 404 here too
            return req.redirect(to: SiteURL.workspace(access.workspaceID, .postDelete(id)).path)
        }
        try await PostService.delete(access, id: id, on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .compose).path + "?done=\(L.postDeleted.rawValue)")
    }

    /// The composer's list: posts not on the calendar yet, each with its real status.
    static func postList(_ context: PageContext, access: WorkspaceAccess, posts: [Post]) -> HTML {
        guard !posts.isEmpty else { return "<p class=\"muted\">\(context.t(.draftsEmpty))</p>" }
        let items: [HTML] = posts.map { post in
            let delete: HTML = access.can(.editPosts)
                ? "<a class=\"danger\" href=\"\(SiteURL.workspace(access.workspaceID, .postDelete(post.id)).path)\">\(context.t(.delete))</a>"
                : .empty
            return """
            <li class="card"><p class="post-text">\(post.text)</p>
            <small>\(context.t(post.status.label)) · \(context.date(post.createdAt))</small>
            <a href="\(SiteURL.workspace(access.workspaceID, .post(post.id)).path)">\(context.t(.postOpen))</a> \(delete)</li>
            """
        }
        return "<ul class=\"cards\">\(items)</ul>"
    }
}
