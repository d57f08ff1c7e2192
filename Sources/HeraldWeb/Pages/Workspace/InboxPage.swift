import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// Everything the audience said to the workspace's channels, newest first: filtered by status
/// and channel, each item with its author, kind, channel, time and post, the answers sent, an
/// answer box and open/done. Works without JavaScript.
enum InboxPage {
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let context = try await PageContext.make(req, access: access)
        let statusRaw = req.query[String.self, at: "status"] ?? "open"
        let channelRaw = req.query[String.self, at: "channel"]
        let assignedRaw = req.query[String.self, at: "assigned"] ?? ""
        let filter = try InboxService.Filter.parse(status: statusRaw, channel: channelRaw, assigned: assignedRaw, me: access.userID)
        let members = try await TenancyQueries.members(of: access.workspaceID, on: req.db).map { ($0.$user.id, $0.user.name) }
        let entries = try await InboxService.list(access, filter, on: req.db)
        let channels = try await ChannelService.list(access, on: req.db)
        let problems = try await InboxService.syncProblems(access, on: req.db)
        let base = SiteURL.workspace(access.workspaceID, .inbox).path
        let statuses: [(String, String)] = [("open", context.t(.inboxStatusOpen)), ("waiting", context.t(.inboxStatusWaiting)),
                                            ("done", context.t(.inboxStatusDone)), ("all", context.t(.inboxAll))]
        let filterForm: HTML = """
            <form method="get" action="\(base)" class="inline filters">
            \(Layout.select(context, name: "status", label: context.t(.inboxFilter), options: statuses, selected: statusRaw))
            \(Layout.select(context, name: "channel", label: context.t(.inboxChannel),
                            options: [("", context.t(.inboxAll))] + channels.compactMap { channel in channel.id.map { ($0.uuidString, channel.name) } },
                            selected: channelRaw ?? ""))
            \(Layout.select(context, name: "assigned", label: context.t(.inboxAssigned),
                            options: [("", context.t(.inboxAll)), ("me", context.t(.inboxMine)), ("none", context.t(.inboxUnassigned))],
                            selected: assignedRaw))
            <button type="submit" class="secondary">\(context.t(.inboxFilter))</button>
            </form>
            """
        let alerts: [HTML] = problems.map { channel, error in
            let said = InboxService.problem(error, channel: channel).map { context.t($0) } ?? ""
            return "<p class=\"error\" role=\"alert\">\(context.t(LocalizedText(.inboxSyncFailed, channel.name, said)))</p>"
        }
        let items: [HTML] = entries.map { entry in render(context, access: access, entry, members: members) }
        let list: HTML = items.isEmpty ? "<p class=\"muted\">\(context.t(.inboxEmpty))</p>" : "<ul class=\"cards inbox\">\(items)</ul>"
        return .page(Layout.page(context, title: context.t(.navInbox), body: """
            <h1>\(context.t(.navInbox))</h1>
            \(alerts)
            \(filterForm)
            \(list)
            """))
    }

    static func kind(_ raw: String) -> L {
        switch raw {
        case "reply": .inboxKindReply
        case "mention": .inboxKindMention
        case "quote": .inboxKindQuote
        case "direct_message": .inboxKindMessage
        default: .inboxKindComment
        }
    }

    static func render(_ context: PageContext, access: WorkspaceAccess, _ entry: InboxService.Entry, members: [(UUID, String)]) -> HTML {
        let item = entry.item
        guard let id = item.id else { return .empty }
        let post: HTML = item.postID.map {
            " · <a href=\"\(SiteURL.workspace(access.workspaceID, .post($0)).path)\">\(context.t(.inboxOnPost))</a>" as HTML
        } ?? .empty
        let replies: [HTML] = entry.replies.map { reply in
            let state: HTML = switch reply.state {
            case "published": "\(context.t(LocalizedText(.inboxReplied, context.date(reply.createdAt))))"
            case "unknown": "<span class=\"error-text\">\(context.t(.inboxReplyUnknown))</span>"
            default: "<span class=\"error-text\">\(context.t(LocalizedText(.inboxReplyFailed, InboxService.problem(reply.reason, channel: item.channel).map { context.t($0) } ?? "")))</span>"
            }
            return "<li><small>\(state)</small><br>\(reply.text)</li>"
        }
        let answer: HTML = access.can(.editPosts) ? context.form(SiteURL.workspace(access.workspaceID, .inboxReply(id)).path, """
            <label for="reply-\(id.uuidString)">\(context.t(.inboxReply))</label>
            <textarea id="reply-\(id.uuidString)" name="text" rows="2" required></textarea>
            <button type="submit">\(context.t(.inboxSend))</button>
            """) : .empty
        let assignee = item.assignedTo.flatMap { id in members.first { $0.0 == id }?.1 } ?? context.t(.inboxNobody)
        let assign: HTML = access.can(.editPosts) ? context.form(SiteURL.workspace(access.workspaceID, .inboxAssign(id)).path, """
            \(Layout.select(context, name: "assigned_to", label: context.t(.inboxAssigned),
                            options: [("none", context.t(.inboxNobody))] + members.map { ($0.0.uuidString, $0.1) },
                            selected: item.assignedTo?.uuidString ?? "none", id: "assign-\(id.uuidString)"))
            <button type="submit" class="secondary">\(context.t(.inboxAssign))</button>
            """, className: "inline") : .empty
        let next = item.status == .done ? "open" : "done"
        let toggle: HTML = access.can(.editPosts) ? context.form(SiteURL.workspace(access.workspaceID, .inboxStatus(id)).path, """
            <input type="hidden" name="status" value="\(next)">
            <button type="submit" class="secondary">\(context.t(item.status == .done ? .inboxReopen : .inboxMarkDone))</button>
            """, className: "inline") : .empty
        return """
        <li class="card" id="item-\(id.uuidString)">
        <p><strong>\(item.authorName)</strong> · \(context.t(kind(item.kindName))) · \(item.channel.name) · <small>\(context.date(item.at))</small>\(post)
        · <small>\(context.t(.inboxAssigned)): \(assignee)</small></p>
        <p class="inbox-text">\(item.text)</p>
        \(replies.isEmpty ? HTML.empty : "<ul class=\"replies\">\(replies)</ul>" as HTML)
        \(answer)
        \(assign)
        \(toggle)
        </li>
        """
    }

    @Sendable static func reply(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let id = try req.uuidParameter("item")
        _ = try await InboxService.reply(access, itemID: id, text: req.formValue("text"), box: req.application.secretBox,
                                         connectors: req.application.connectors, on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .inbox).path + "?status=all#item-\(id.uuidString)")
    }

    @Sendable static func assign(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let id = try req.uuidParameter("item")
        _ = try await InboxService.assign(access, itemID: id, to: req.formValue("assigned_to"), on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .inbox).path + "?status=all#item-\(id.uuidString)")
    }

    @Sendable static func setStatus(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        _ = try await InboxService.setStatus(access, itemID: try req.uuidParameter("item"), req.formValue("status"), on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .inbox).path + "?done=\(L.inboxSaved.rawValue)")
    }
}
