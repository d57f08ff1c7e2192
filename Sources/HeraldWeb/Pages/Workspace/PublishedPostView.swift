import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// A post that is out (on every channel, or on some): what went out, where and when, with links
/// to the platform's posts and their numbers, and its history — nothing to edit, schedule or send
/// to a client; "Duplicate" starts a new post from it.
enum PublishedPostView {
    static func page(_ context: PageContext, access: WorkspaceAccess, post: Post, campaign: String?, previews: [HTML],
                     publishing: HTML, events: [PostEvent]) -> HTML {
        let everywhere = post.status == .published
        let title = context.t(everywhere ? .postPublishedTitle : .postPartlyOutTitle)
        let duplicate: HTML = access.can(.editPosts)
            ? context.button(SiteURL.workspace(access.workspaceID, .postDuplicate(post.id)).path, context.t(.postDuplicate)) : .empty
        let campaignLine: HTML = campaign.map { "<p><small>\(context.t(.campaignField)): \($0)</small></p>" as HTML } ?? .empty
        return Layout.page(context, title: title, body: """
            <h1>\(title)</h1>
            <p class="notice" role="status">\(context.t(everywhere ? .postPublishedNote : .postPartlyOutNote)) \(duplicate)</p>
            \(publishing)
            <section id="text"><h2>\(context.t(.postText))</h2><p class="post-text">\(post.text)</p>\(campaignLine)</section>
            \(previews.isEmpty ? .empty : "<section><h2>\(context.t(.previewsTitle))</h2><div class=\"previews\">\(previews)</div></section>" as HTML)
            <section id="history"><h2>\(context.t(.inboxEvents))</h2>\(ApprovalPanel.thread(context, events: events))</section>
            """)
    }
}
