import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// What waits for the person (posts and inbox answers to approve, their posts sent back, inbox
/// items assigned to them), then everything that did not go out as planned, or needs doing so
/// that it will: channels that need reconnecting or are held, notices from the hourly sweep and
/// credential checks, and failed or unknown publications — each with what to do and a link.
enum NotificationsPage {
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let attention = try await PublishingService.attention(access, on: req.db)
        let syncProblems = try await InboxService.syncProblems(access, on: req.db)
        let queue = try await WaitingService.queue(access, on: req.db)
        return .page(view(try await PageContext.make(req, access: access), access: access, attention: attention,
                          syncProblems: syncProblems, queue: queue))
    }

    static func view(_ context: PageContext, access: WorkspaceAccess, attention: PublishingService.Attention,
                     syncProblems: [(SocialChannel, String)], queue: WaitingService.Queue) -> HTML {
        let channelsURL = SiteURL.workspace(access.workspaceID, .channels).path
        let inboxURL = SiteURL.workspace(access.workspaceID, .inbox).path
        let channels: [HTML] = attention.channels.map { channel in
            "<li class=\"card\"><a href=\"\(channelsURL)\">\(channel.name)</a> (\(channel.platform?.displayName ?? channel.platformName)): \(ChannelsPage.stateText(context, channel))</li>"
        } + syncProblems.map { channel, error in
            let said = InboxService.problem(error, channel: channel).map { context.t($0) } ?? ""
            return "<li class=\"card\"><a href=\"\(inboxURL)\">\(channel.name)</a>: \(context.t(LocalizedText(.inboxSyncFailed, channel.name, said)))</li>"
        }
        let notices: [HTML] = attention.notices.map { notice in
            let link: HTML = notice.$post.id.map { "<a href=\"\(SiteURL.workspace(access.workspaceID, .post($0)).path)\">\(notice.post?.excerpt ?? "")</a><br>" as HTML }
                ?? (notice.$channel.id != nil ? "<a href=\"\(channelsURL)\">\(notice.channel?.name ?? "")</a><br>" as HTML : .empty)
            let dismiss: HTML = access.can(.editPosts) && notice.id != nil
                ? context.button(SiteURL.workspace(access.workspaceID, .noticeDismiss(notice.id)).path, context.t(.dismiss)) : .empty
            return "<li class=\"card\">\(link)\(context.t(PublishingService.message(notice))) <small>\(context.date(notice.createdAt))</small> \(dismiss)</li>"
        }
        let problems: [HTML] = attention.publications.map { publication in
            """
            <li class="card"><a href="\(SiteURL.workspace(access.workspaceID, .post(publication.$post.id)).path)">\(publication.post.excerpt)</a>
            <br><strong>\(publication.channel.name)</strong>: \(PublishingPanel.line(context, publication))
            <small>\(context.date(publication.updatedAt))</small>\(PublishingPanel.sightingForms(context, access: access, publication))</li>
            """
        }
        let steps: [HTML] = attention.steps.map { step in
            let publication = step.publication
            let platform = publication.channel.platform?.displayName ?? publication.channel.platformName
            let what: String = switch step.kind {
            case .threadPart(let number)?: context.t(LocalizedText(.stepThreadPart, String(number)))
            case .firstComment?: context.t(.composeFirstComment)
            case .removal?: context.t(LocalizedText(.stepRemoval, platform))
            case .edit?: context.t(LocalizedText(.stepEdit, platform))
            case .pin?: context.t(.stepPin)
            case .media?, nil: context.t(.composeMedia)
            }
            return """
            <li class="card"><a href="\(SiteURL.workspace(access.workspaceID, .post(publication.$post.id)).path)">\(publication.post.excerpt)</a>
            <br><strong>\(publication.channel.name)</strong> · \(what): \(PublishingPanel.stepLine(context, step, channel: publication.channel))
            <small>\(context.date(step.updatedAt))</small></li>
            """
        }
        func section(_ title: L, _ items: [HTML]) -> HTML {
            items.isEmpty ? .empty : "<section><h2>\(context.t(title))</h2><ul class=\"cards\">\(items)</ul></section>"
        }
        let waiting = waitingSections(context, access: access, queue: queue)
        let empty = channels.isEmpty && notices.isEmpty && problems.isEmpty && steps.isEmpty && queue.counts.forMe == 0
        return Layout.page(context, title: context.t(.notificationsTitle), body: """
            <h1>\(context.t(.notificationsTitle))</h1>
            \(empty ? "<p class=\"muted\">\(context.t(.notificationsEmpty))</p>" as HTML : .empty)
            \(waiting)
            \(section(.notificationsChannels, channels))
            \(section(.notificationsNotices, notices))
            \(section(.notificationsPublications, problems))
            \(section(.notificationsSteps, steps))
            """)
    }

    /// The approval queue: what only this person can move on, oldest waiting first.
    static func waitingSections(_ context: PageContext, access: WorkspaceAccess, queue: WaitingService.Queue) -> HTML {
        let w = access.workspaceID
        let inbox = SiteURL.workspace(w, .inbox).path
        func section(_ id: String, _ title: LocalizedText, _ items: [HTML], more: Int) -> HTML {
            guard !items.isEmpty else { return .empty }
            let rest: HTML = more > items.count ? "<p class=\"muted\">\(context.t(LocalizedText(.waitingMore, String(more - items.count))))</p>" : .empty
            return "<section id=\"\(id)\"><h2>\(context.t(title))</h2><ul class=\"cards\">\(items)</ul>\(rest)</section>"
        }
        let posts: [HTML] = queue.postsToApprove.map { post in
            """
            <li class="card"><a href="\(SiteURL.workspace(w, .post(post.id)).path)#approval">\(post.excerpt)</a>
            <br><small>\(context.t(LocalizedText(.waitingSince, context.date(post.updatedAt))))</small></li>
            """
        }
        let replies: [HTML] = queue.repliesToApprove.map { reply in
            """
            <li class="card"><a href="\(inbox)?status=all#item-\(reply.$item.id.text)">\(context.t(LocalizedText(.todayReplyToApprove, reply.item.authorName)))</a>
            <p class="inbox-text">\(reply.text)</p><small>\(context.t(LocalizedText(.waitingSince, context.date(reply.createdAt))))</small></li>
            """
        }
        let returned: [HTML] = queue.changesRequested.map { item in
            let said: HTML = item.comment.map { "<blockquote>\($0)</blockquote>" as HTML } ?? .empty
            return """
            <li class="card"><a href="\(SiteURL.workspace(w, .post(item.post.id)).path)">\(item.post.excerpt)</a>
            <br><small>\(context.t(LocalizedText(.waitingReturnedBy, item.by, context.date(item.at))))</small>\(said)</li>
            """
        }
        let assigned: HTML = queue.counts.assignedToMe > 0
            ? "<p><a href=\"\(inbox)?assigned=me\">\(context.t(LocalizedText(.waitingAssigned, String(queue.counts.assignedToMe))))</a></p>" : .empty
        let c = queue.counts
        return """
            \(section("approve-posts", LocalizedText(.waitingPosts, String(c.postsToApprove)), posts, more: c.postsToApprove))
            \(section("approve-replies", LocalizedText(.waitingReplies, String(c.repliesToApprove)), replies, more: c.repliesToApprove))
            \(section("changes-requested", LocalizedText(.waitingReturned, String(c.changesRequested)), returned, more: c.changesRequested))
            \(assigned)
            """
    }

    @Sendable static func dismiss(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try await PublishingService.dismiss(access, noticeID: req.uuidParameter("notice"), on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .notifications).path + "?done=\(L.noticeDismissed.rawValue)")
    }
}
