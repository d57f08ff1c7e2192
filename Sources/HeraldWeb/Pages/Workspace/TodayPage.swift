import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// The day first: who waits for an answer (most pressing first), what waits for my approval, what
/// did not go out, empty queue slots this week — then the month ahead. The page after sign-in.
enum TodayPage {
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let today = try await TodayQuery.today(access, on: req.db)
        return .page(view(try await PageContext.make(req, access: access), access: access, today))
    }

    static func view(_ context: PageContext, access: WorkspaceAccess, _ today: TodayQuery.Today) -> HTML {
        let w = access.workspaceID
        func section(_ title: String, _ items: [HTML], empty: L, more: HTML = .empty) -> HTML {
            let body: HTML = items.isEmpty ? "<p class=\"muted\">\(context.t(empty))</p>" : "<ul class=\"cards\">\(items)</ul>"
            return "<section><h2>\(title)</h2>\(body)\(more)</section>"
        }
        let unanswered: [HTML] = today.unanswered.map { item in
            let priority: HTML = item.priority == .normal ? .empty
                : "<strong class=\"priority-\(item.priority.rawValue)\">\(context.t(InboxPage.priorityLabel(item.priority)))</strong> · "
            let urgent: HTML = item.urgent == true ? "<strong class=\"priority-urgent\">\(context.t(.inboxUrgent))</strong> · " : .empty
            let link = SiteURL.workspace(w, .inbox).path + "?status=all#item-\(item.id?.text ?? "")"
            return """
            <li class="card">\(priority)\(urgent)<a href="\(link)"><strong>\(item.authorName)</strong></a> · \(item.channel.name) ·
            <small>\(context.t(LocalizedText(.todayWaiting, context.date(item.at))))</small>
            <p class="inbox-text">\(String(item.text.prefix(280)))</p></li>
            """
        }
        let approvals: [HTML] = today.postsToApprove.map { post in
            "<li class=\"card\"><a href=\"\(SiteURL.workspace(w, .post(post.id)).path)\">\(String(post.text.prefix(140)))</a> <small>\(context.t(post.status.label))</small></li>"
        } + today.repliesToApprove.map { reply in
            let link = SiteURL.workspace(w, .inbox).path + "?status=all#item-\(reply.$item.id.text)"
            return "<li class=\"card\"><a href=\"\(link)\">\(context.t(LocalizedText(.todayReplyToApprove, reply.item.authorName)))</a><p class=\"inbox-text\">\(reply.text)</p></li>"
        }
        let returned: [HTML] = today.changesRequested.map { item in
            """
            <li class="card"><a href="\(SiteURL.workspace(w, .post(item.post.id)).path)">\(String(item.post.text.prefix(140)))</a>
            <br><small>\(context.t(LocalizedText(.waitingReturnedBy, item.by, context.date(item.at))))</small>\(item.comment.map { "<blockquote>\($0)</blockquote>" as HTML } ?? .empty)</li>
            """
        }
        let problems: [HTML] = today.problems.map { publication in
            let said = PublicationDescription(publication, channel: publication.channel).summary
            return "<li class=\"card\"><a href=\"\(SiteURL.workspace(w, .post(publication.$post.id)).path)\">\(String(publication.post.text.prefix(140)))</a> · \(publication.channel.name) · <span class=\"error-text\">\(context.t(said))</span></li>"
        }
        let slots: [HTML] = today.emptySlots.prefix(20).map { slot in
            "<li>\(context.date(slot.at)) · \(slot.channel.name) · <a href=\"\(SiteURL.workspace(w, .compose).path)\">\(context.t(.navCompose))</a></li>"
        }
        let ahead: [HTML] = today.ahead.map { post in
            "<li><small>\(context.date(post.scheduledAt))</small> <a href=\"\(SiteURL.workspace(w, .post(post.id)).path)\">\(String(post.text.prefix(120)))</a></li>"
        }
        let slotsBlock: HTML = """
            <section><h2>\(context.t(.todayEmptySlots))</h2>
            \(slots.isEmpty ? "<p class=\"muted\">\(context.t(.todayNoEmptySlots)) \(context.t(.todaySlotsHint))</p>" as HTML : "<ul>\(slots)</ul>" as HTML)</section>
            """
        let aheadBlock: HTML = """
            <section><h2>\(context.t(.todayAhead))</h2>
            \(ahead.isEmpty ? "<p class=\"muted\">\(context.t(.todayNothingAhead))</p>" as HTML : "<ul class=\"history\">\(ahead)</ul>" as HTML)
            <p><a href="\(SiteURL.workspace(w, .calendar).path)">\(context.t(.navCalendar))</a></p></section>
            """
        return Layout.page(context, title: context.t(.navToday), body: """
            <h1>\(context.t(.navToday)) · \(access.workspace.name)</h1>
            \(section(context.t(LocalizedText(.todayUnanswered, String(today.unansweredCount))), unanswered, empty: .todayNothingOpen,
                      more: today.unansweredCount > 0 ? "<p><a href=\"\(SiteURL.workspace(w, .inbox).path)\">\(context.t(.todayAllOpen))</a></p>" : .empty))
            \(access.can(.approvePosts) ? section(context.t(.todayApprove), approvals, empty: .todayNothingToApprove) : .empty)
            \(returned.isEmpty ? .empty : section(context.t(LocalizedText(.waitingReturned, String(returned.count))), returned, empty: .todayNothingToApprove))
            \(section(context.t(.todayProblems), problems, empty: .todayNoProblems))
            \(slotsBlock)
            \(aheadBlock)
            """)
    }
}
