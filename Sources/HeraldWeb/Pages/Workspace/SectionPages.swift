import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// The workspace's main sections. Calendar and Compose show drafts today; Inbox, Analytics and
/// Library say honestly that they are coming, rather than pretending.
enum SectionPages {
    @Sendable static func overview(req: Request) async throws -> Response {
        req.redirect(to: SiteURL.workspace(try req.uuidParameter("workspace"), .calendar).path)
    }

    @Sendable static func deletePost(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try await PostService.delete(access, id: req.uuidParameter("post"), on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .compose).path + "?done=\(L.postDeleted.rawValue)")
    }

    static func postList(_ context: PageContext, access: WorkspaceAccess, posts: [Post]) -> HTML {
        guard !posts.isEmpty else { return "<p class=\"muted\">\(context.t(.postsEmpty))</p>" }
        let items: [HTML] = posts.map { post in
            let delete: HTML = access.can(.editPosts)
                ? context.button(SiteURL.workspace(access.workspaceID, .postDelete(post.id)).path, context.t(.delete), danger: true)
                : .empty
            return """
            <li class="card"><p class="post-text">\(post.text)</p>
            <small>\(context.t(.postStatusDraft)) · \(context.date(post.createdAt))</small>
            <a href="\(SiteURL.workspace(access.workspaceID, .post(post.id)).path)">\(context.t(.postOpen))</a> \(delete)</li>
            """
        }
        return "<ul class=\"cards\">\(items)</ul>"
    }

    @Sendable static func inbox(req: Request) async throws -> Response { try await notYet(req, .navInbox) }
    @Sendable static func analytics(req: Request) async throws -> Response { try await notYet(req, .navAnalytics) }

    static func notYet(_ req: Request, _ section: L) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let context = try await PageContext.make(req, access: access)
        return .page(Layout.page(context, title: context.t(section), body: """
            <h1>\(context.t(section))</h1>
            <div class="empty"><h2>\(context.t(.notYetTitle))</h2>
            <p>\(context.t(LocalizedText(.notYetBody, context.t(section))))</p></div>
            """))
    }
}
