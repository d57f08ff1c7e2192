import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldStore
import Vapor

/// Everything the audience said to the workspace's channels, newest first: filtered by status
/// and channel, each item with its author, kind, channel, time and post, the answers sent, an
/// answer box and open/done. Works without JavaScript.
enum InboxPage {
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        return try await respond(req, access: access, error: nil)
    }

    /// The filters as asked (kept in the form).
    struct Asked {
        var status = "open", channel: String?, assigned = "", priority = "", label = "", department = "", q = "", mood = ""
        /// The page's query string, kept when a saved reply is inserted.
        var query = ""
    }

    /// The inbox for the filters in the address, read; then the page.
    static func respond(_ req: Request, access: WorkspaceAccess, error: ValidationError?,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let values = req.queryValues
        let query = { (key: String) in values[key] }
        let asked = Asked(status: query("status") ?? "open", channel: query("channel"), assigned: query("assigned") ?? "",
                          priority: query("priority") ?? "", label: query("label") ?? "", department: query("department") ?? "",
                          q: query("q") ?? "", mood: query("mood") ?? "", query: req.url.query ?? "")
        let filter = try InboxService.Filter.parse(status: asked.status, channel: asked.channel, assigned: asked.assigned, me: access.userID,
                                                   priority: asked.priority, label: asked.label, department: asked.department,
                                                   query: asked.q, mood: asked.mood, urgent: query("urgent"))
        let insert = query("draft").flatMap(UUID.init(text:)).flatMap { item in
            query("saved").flatMap(UUID.init(text:)).map { (item: item, saved: $0) }
        }
        let screen = try await InboxScreen.load(access, filter, insert: insert, connectors: req.application.connectors, on: req.db)
        let context = try await PageContext.make(req, access: access)
        return .page(view(context, access: access, screen, asked: asked, error: error), status: status)
    }

    static func view(_ context: PageContext, access: WorkspaceAccess, _ screen: InboxScreen, asked raw: Asked, error: ValidationError?) -> HTML {
        let statusRaw = raw.status
        let (members, departments, entries, channels) = (screen.members, screen.departments, screen.entries, screen.channels)
        let base = SiteURL.workspace(access.workspaceID, .inbox).path
        let statuses: [(String, String)] = [("open", context.t(.inboxStatusOpen)), ("waiting", context.t(.inboxStatusWaiting)),
                                            ("done", context.t(.inboxStatusDone)), ("snoozed", context.t(.inboxSnoozedTab)),
                                            ("all", context.t(.inboxAll))]
        let filterForm: HTML = """
            <form method="get" action="\(base)" class="inline filters" role="search">
            \(Layout.field(context, name: "q", label: context.t(.inboxSearch), value: raw.q, type: "search", required: false))
            \(Layout.select(context, name: "status", label: context.t(.inboxFilter), options: statuses, selected: statusRaw))
            \(Layout.select(context, name: "channel", label: context.t(.inboxChannel),
                            options: [("", context.t(.inboxAll))] + channels.compactMap { channel in channel.id.map { ($0.text, channel.name) } },
                            selected: raw.channel ?? ""))
            \(Layout.select(context, name: "assigned", label: context.t(.inboxAssigned),
                            options: [("", context.t(.inboxAll)), ("me", context.t(.inboxMine)), ("none", context.t(.inboxUnassigned))],
                            selected: raw.assigned))
            \(Layout.select(context, name: "priority", label: context.t(.inboxPriority),
                            options: [("", context.t(.inboxAnyPriority))] + priorities(context), selected: raw.priority))
            \(departments.isEmpty ? HTML.empty : Layout.select(context, name: "department", label: context.t(.inboxDepartment),
                            options: [("", context.t(.inboxNoDepartment))] + departments.map { ($0.0.text, $0.1) }, selected: raw.department))
            \(Layout.select(context, name: "mood", label: context.t(.inboxMood),
                            options: [("", context.t(.routingAny)), ("negative", context.t(.moodNegative)), ("neutral", context.t(.moodNeutral)),
                                      ("positive", context.t(.moodPositive))], selected: raw.mood))
            \(Layout.field(context, name: "label", label: context.t(.inboxLabels), value: raw.label, required: false))
            <button type="submit" class="secondary">\(context.t(.inboxFilter))</button>
            </form>
            """
        let alerts: [HTML] = screen.syncProblems.map { channel, error in
            let said = InboxService.problem(error, channel: channel).map { context.t($0) } ?? ""
            return "<p class=\"error\" role=\"alert\">\(context.t(LocalizedText(.inboxSyncFailed, channel.name, said)))</p>"
        }
        var options = WorkOptions(members: members, departments: departments, savedReplies: screen.savedReplies, draft: screen.draft,
                                  canApprove: access.can(.approvePosts), filterQuery: raw.query)
        options.platformActions = screen.platformActions
        let items: [HTML] = entries.map { entry in
            render(context, access: access, entry, options: options, history: entry.item.id.flatMap { screen.histories[$0] } ?? [])
        }
        let list: HTML = items.isEmpty ? "<p class=\"muted\">\(context.t(.inboxEmpty))</p>" : "<ul class=\"cards inbox\">\(items)</ul>"
        // One form for the selected items: each item's checkbox belongs to it through `form="bulk"`, so no script is needed.
        let bulk: HTML = access.can(.editPosts) && !items.isEmpty ? """
            <form method="post" action="\(SiteURL.workspace(access.workspaceID, .inboxBulk).path)" id="bulk" class="inline filters">
            \(context.csrfField)
            <strong>\(context.t(.inboxBulk))</strong>
            \(Layout.select(context, name: "status", label: context.t(.inboxFilter),
                            options: [("", "—"), ("open", context.t(.inboxStatusOpen)), ("waiting", context.t(.inboxStatusWaiting)),
                                      ("done", context.t(.inboxStatusDone))], selected: "", id: "bulk-status"))
            \(Layout.select(context, name: "assigned_to", label: context.t(.inboxAssigned),
                            options: [("", "—"), ("none", context.t(.inboxNobody))] + members.map { ($0.0.text, $0.1) }, selected: "",
                            id: "bulk-assigned"))
            \(Layout.select(context, name: "priority", label: context.t(.inboxPriority), options: [("", "—")] + priorities(context),
                            selected: "", id: "bulk-priority"))
            <label for="bulk-label">\(context.t(.inboxLabels)) +</label><input id="bulk-label" name="add_label" size="12">
            <button type="submit" class="secondary">\(context.t(.inboxBulkApply))</button>
            </form>
            """ : .empty
        return Layout.page(context, title: context.t(.navInbox), body: """
            <h1>\(context.t(.navInbox))</h1>
            <p><a href="\(SiteURL.workspace(access.workspaceID, .inboxReport).path)">\(context.t(.reportTitle))</a></p>
            \(alerts)
            \(Layout.formError(context, error, fields: []))
            \(filterForm)
            \(bulk)
            <p class="hint">\(context.t(.inboxKeysHint))</p>
            \(list)
            <script src="\(SiteURL.inboxKeys.path)" defer></script>
            """)
    }

    /// The choices each item's work form offers.
    struct WorkOptions {
        var members: [(UUID, String)]
        var departments: [(UUID, String)]
        var savedReplies: [SavedReply] = []
        /// An item's answer box filled with a saved reply.
        var draft: (UUID, String)?
        var canApprove = false
        /// The page's filters, kept when a saved reply is inserted.
        var filterQuery = ""
        /// What each item's platform lets the account do to it (like, hide, delete).
        var platformActions: [UUID: Set<ModerationAction>] = [:]
    }

    static func priorities(_ context: PageContext) -> [(String, String)] {
        [("low", context.t(.inboxPriorityLow)), ("normal", context.t(.inboxPriorityNormal)), ("high", context.t(.inboxPriorityHigh)),
         ("urgent", context.t(.inboxPriorityUrgent))]
    }

    /// One event of an item's history in words.
    static func describe(_ context: PageContext, _ event: InboxEvent, options: WorkOptions) -> String {
        let detail = event.detail ?? ""
        switch event.kind {
        case "assigned":
            return context.t(LocalizedText(.eventAssigned, UUID(text: detail).flatMap { id in options.members.first { $0.0 == id }?.1 } ?? context.t(.inboxNobody)))
        case "department":
            return context.t(LocalizedText(.eventDepartment, UUID(text: detail).flatMap { id in options.departments.first { $0.0 == id }?.1 } ?? context.t(.departmentNone)))
        case "priority":
            return context.t(LocalizedText(.eventPriority, InboxItem.Priority(rawValue: detail).map { context.t(priorityLabel($0)) } ?? detail))
        case "labels": return context.t(LocalizedText(.eventLabels, detail))
        case "hidden": return context.t(.eventHidden)
        case "pattern_too_slow": return context.t(.eventPatternTooSlow)
        case "replied": return context.t(LocalizedText(.eventReplied, detail))
        case "edited": return context.t(LocalizedText(.inboxEditedEvent, detail))
        case "deleted": return context.t(.inboxDeletedEvent)
        case "platform_like": return context.t(.inboxLikedEvent)
        case "platform_hide": return context.t(.inboxHiddenEvent)
        case "platform_delete": return context.t(.inboxDeletedByUsEvent)
        case "status": return context.t(InboxItem.Status(rawValue: detail).map(statusLabel) ?? .inboxStatusOpen)
        case "snoozed":
            let until = (try? Date(detail, strategy: .iso8601)).map { context.date($0) }
            return until.map { context.t(LocalizedText(.inboxSnoozedUntil, $0)) } ?? context.t(.inboxSnooze)
        default: return context.t(.eventChanged)  // a kind this version does not describe: never its raw name
        }
    }

    static func statusLabel(_ status: InboxItem.Status) -> L {
        switch status {
        case .open: .inboxStatusOpen
        case .waiting: .inboxStatusWaiting
        case .done: .inboxStatusDone
        }
    }

    static func priorityLabel(_ priority: InboxItem.Priority) -> L {
        switch priority {
        case .low: .inboxPriorityLow
        case .normal: .inboxPriorityNormal
        case .high: .inboxPriorityHigh
        case .urgent: .inboxPriorityUrgent
        }
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

    static func render(_ context: PageContext, access: WorkspaceAccess, _ entry: InboxService.Entry, options: WorkOptions,
                       history: [InboxItem]) -> HTML {
        let item = entry.item
        guard let id = item.id else { return .empty }
        let members = options.members
        let post: HTML = item.postID.map {
            " · <a href=\"\(SiteURL.workspace(access.workspaceID, .post($0)).path)\">\(context.t(.inboxOnPost))</a>" as HTML
        } ?? .empty
        let replies: [HTML] = entry.replies.map { reply in
            let state: HTML = switch reply.state {
            case "published": "\(context.t(LocalizedText(.inboxReplied, context.date(reply.createdAt))))"
            case "unknown": "<span class=\"error-text\">\(context.t(.inboxReplyUnknown))</span>"
            case "queued", "publishing": "\(context.t(.replyQueued))"
            case "pending_approval": "<strong>\(context.t(.replyPending))</strong>"
            case "rejected": "\(context.t(.replyRejected))"
            default: "<span class=\"error-text\">\(context.t(LocalizedText(.inboxReplyFailed, InboxService.problem(reply.reason, channel: item.channel).map { context.t($0) } ?? "")))</span>"
            }
            let decide: HTML = reply.state == "pending_approval" && options.canApprove ? reply.id.map { replyID in
                let path = SiteURL.workspace(access.workspaceID, .replyDecision(replyID)).path
                return """
                \(context.form(path, "<input type=\"hidden\" name=\"decision\" value=\"approve\"><button type=\"submit\">\(context.t(.replyApprove))</button>", className: "inline"))
                \(context.form(path, "<input type=\"hidden\" name=\"decision\" value=\"reject\"><button type=\"submit\" class=\"secondary\">\(context.t(.replyReject))</button>", className: "inline"))
                """
            } ?? .empty : .empty
            return "<li><small>\(state)</small><br>\(reply.text)\(decide)</li>"
        }
        let edit = access.can(.editPosts)
        // Saved replies in the item's language (or for any) first; "Insert" reloads the page with the box filled.
        let ordered = SavedReplyService.ordered(options.savedReplies, for: item).compactMap { saved in saved.id.map { ($0, saved.name) } }
        let insert: HTML = ordered.isEmpty ? .empty : """
            <input type="hidden" name="draft" value="\(id.text)">
            \(Layout.select(context, name: "saved", label: context.t(.savedRepliesTitle), options: ordered.map { ($0.0.text, $0.1) },
                            selected: "", id: "saved-\(id.text)"))
            <button type="submit" class="secondary" formmethod="get" formaction="\(SiteURL.workspace(access.workspaceID, .inbox).path)#item-\(id.text)" formnovalidate>\(context.t(.savedReplyInsert))</button>
            """
        let drafted = options.draft.flatMap { $0.0 == id ? $0.1 : nil } ?? ""
        let answer: HTML = edit ? context.form(SiteURL.workspace(access.workspaceID, .inboxReply(id)).path, """
            <label for="reply-\(id.text)">\(context.t(.inboxReply))</label>
            <textarea id="reply-\(id.text)" name="text" rows="2" required>\(drafted)</textarea>
            \(insert)
            <button type="submit">\(context.t(.inboxSend))</button>
            """) : .empty
        let platformName = item.channel.platform?.displayName ?? item.channel.platformName
        let allowed = edit ? options.platformActions[id] ?? [] : []
        let onPlatform: [HTML] = ModerationAction.allCases.filter(allowed.contains).map { action in
            let path = SiteURL.workspace(access.workspaceID, .inboxPlatform(id)).path
            switch action {
            case .like, .hide:
                let label = context.t(LocalizedText(action == .like ? .inboxLikeOn : .inboxHideOn, platformName))
                return context.form(path, "<input type=\"hidden\" name=\"action\" value=\"\(action.rawValue)\"><button type=\"submit\" class=\"secondary\">\(label)</button>", className: "inline")
            case .delete:
                return context.form(path, """
                    <details><summary>\(context.t(LocalizedText(.inboxDeleteOn, platformName)))</summary><input type="hidden" name="action" value="delete">
                    <label class="check"><input type="checkbox" name="confirm" value="yes" required> \(context.t(LocalizedText(.inboxDeleteConfirm, platformName)))</label>
                    <button type="submit" class="danger">\(context.t(LocalizedText(.inboxDeleteOn, platformName)))</button></details>
                    """, className: "inline")
            }
        }
        let platformRow: HTML = onPlatform.isEmpty ? .empty : "<div class=\"row platform-actions\">\(onPlatform)</div>"
        let assignee = item.assignedTo.flatMap { id in members.first { $0.0 == id }?.1 } ?? context.t(.inboxNobody)
        let department = item.departmentID.flatMap { id in options.departments.first { $0.0 == id }?.1 }
        let key = id.text
        // Assignee, priority, labels, department and snooze in one form.
        let work: HTML = edit ? context.form(SiteURL.workspace(access.workspaceID, .inboxWork(id)).path, """
            \(Layout.select(context, name: "assigned_to", label: context.t(.inboxAssigned),
                            options: [("none", context.t(.inboxNobody))] + members.map { ($0.0.text, $0.1) },
                            selected: item.assignedTo?.text ?? "none", id: "assign-\(key)"))
            \(Layout.select(context, name: "priority", label: context.t(.inboxPriority), options: priorities(context),
                            selected: item.priority.rawValue, id: "priority-\(key)"))
            \(options.departments.isEmpty ? HTML.empty : Layout.select(context, name: "department", label: context.t(.inboxDepartment),
                            options: [("none", context.t(.departmentNone))] + options.departments.map { ($0.0.text, $0.1) },
                            selected: item.departmentID?.text ?? "none", id: "department-\(key)"))
            <label for="labels-\(key)">\(context.t(.inboxLabels))</label>
            <input id="labels-\(key)" name="labels" value="\(item.labels.joined(separator: ", "))" placeholder="\(context.t(.inboxLabelsHint))">
            <label for="snooze-\(key)">\(context.t(.inboxSnooze))</label>
            <input id="snooze-\(key)" type="datetime-local" name="snoozed_until" value="\(item.snoozedUntil.map { context.localInput($0) } ?? "")">
            <button type="submit" class="secondary">\(context.t(.inboxSave))</button>
            """, className: "inline work") : .empty
        let next = item.status == .done ? "open" : "done"
        // An item deleted on the platform stays done: no Reopen.
        let toggle: HTML = edit && item.deletedAt == nil ? context.form(SiteURL.workspace(access.workspaceID, .inboxStatus(id)).path, """
            <input type="hidden" name="status" value="\(next)">
            <button type="submit" class="secondary">\(context.t(item.status == .done ? .inboxReopen : .inboxMarkDone))</button>
            """, className: "inline") : .empty
        let select: HTML = edit ? """
            <label class="check" for="select-\(key)"><input type="checkbox" id="select-\(key)" name="items[]" value="\(key)" form="bulk"> \(context.t(.inboxSelect))</label>
            """ : .empty
        let labels: [HTML] = item.labels.map { "<span class=\"label\">\($0)</span>" }
        let snoozed: HTML = item.snoozedUntil.map { until in
            until > Date() ? " · <small>\(context.t(LocalizedText(.inboxSnoozedUntil, context.date(until))))</small>" as HTML : .empty
        } ?? .empty
        let earlier: [HTML] = history.prefix(3).map { old in
            "<li><small>\(context.date(old.at)) · \(old.channel.name)</small> \(old.text)</li>"
        }
        let historyBlock: HTML = earlier.isEmpty ? .empty : """
            <details><summary>\(context.t(LocalizedText(.inboxHistory, item.authorName))) (\(history.count))</summary><ul class="history">\(earlier)</ul></details>
            """
        let priority: HTML = item.priority == .normal ? .empty
            : " · <strong class=\"priority-\(item.priority.rawValue)\">\(context.t(priorityLabel(item.priority)))</strong>"
        // The mood is a hint read from the words; urgency is said outright.
        let urgent: HTML = item.urgent == true ? " · <strong class=\"priority-urgent\">\(context.t(.inboxUrgent))</strong>" : .empty
        let feeling: HTML = item.sentiment.map { $0 == "neutral" ? HTML.empty : " · <small class=\"mood-\($0)\">\(context.t(RoutingPage.mood($0)))</small>" as HTML } ?? .empty
        let clock: HTML = switch entry.clock?.state {
        case .breached: " · <strong class=\"priority-urgent sla\">\(context.t(.slaBreached))</strong>"
        case .near: " · <strong class=\"priority-high sla\">\(context.t(LocalizedText(.slaNear, context.date(entry.clock?.due))))</strong>"
        case .onTime: entry.clock?.due.map { " · <small class=\"sla\">\(context.t(LocalizedText(.slaDue, context.date($0))))</small>" as HTML } ?? .empty
        default: .empty
        }
        let mood: HTML = "\(urgent)\(feeling)\(clock)"
        let events: [HTML] = entry.events.map { event in
            let who = event.ruleName.map { context.t(LocalizedText(.routingBy, $0)) }
                ?? event.userID.flatMap { id in members.first { $0.0 == id }?.1 } ?? ""
            return "<li><small>\(context.date(event.at)) · \(who)</small> \(describe(context, event, options: options))</li>"
        }
        let eventsBlock: HTML = events.isEmpty ? .empty
            : "<details><summary>\(context.t(.inboxEvents)) (\(events.count))</summary><ul class=\"history\">\(events)</ul></details>"
        return """
        <li class="card" id="item-\(key)">
        \(select)
        <p><strong>\(item.authorName)</strong> · \(context.t(kind(item.kindName))) · \(item.channel.name) · <small>\(context.date(item.at))</small>\(post)\(priority)\(mood)
        · <small>\(context.t(.inboxAssigned)): \(assignee)</small>\(department.map { " · <small>\(context.t(.inboxDepartment)): \($0)</small>" as HTML } ?? .empty)\(snoozed)
        \(labels.isEmpty ? HTML.empty : " \(labels)" as HTML)</p>
        \(item.deletedAt.map { "<p class=\"notice\">\(context.t(LocalizedText(.inboxDeletedOn, context.date($0))))</p>" as HTML } ?? .empty)
        <p class="inbox-text">\(item.text)</p>
        \(historyBlock)
        \(eventsBlock)
        \(replies.isEmpty ? HTML.empty : "<ul class=\"replies\">\(replies)</ul>" as HTML)
        \(answer)
        \(platformRow)
        \(work)
        \(toggle)
        </li>
        """
    }

    /// Like, hide or delete the item on its platform (a deletion needs its box ticked).
    @Sendable static func platformAction(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let id = try req.uuidParameter("item")
        let action = req.formValue("action")
        if action == ModerationAction.delete.rawValue, req.formValue("confirm") != "yes" {
            return try await respond(req, access: access, error: ValidationError(code: "required", field: "confirm", message: .init(.errorRequired)),
                         status: .unprocessableEntity)
        }
        do {
            _ = try await InboxService.moderate(access, itemID: id, action: action, box: req.application.secretBox,
                                                connectors: req.application.connectors, on: req.db)
        } catch let error as ValidationError {
            return try await respond(req, access: access, error: error, status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .inbox).path + "?status=all#item-\(id.text)")
    }

    @Sendable static func reply(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let id = try req.uuidParameter("item")
        _ = try await InboxService.reply(access, itemID: id, text: req.formValue("text"), box: req.application.secretBox,
                                         connectors: req.application.connectors, notifier: req.application.runtime.notifier, on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .inbox).path + "?status=all#item-\(id.text)")
    }

    /// An approver sends or rejects an answer that waits for approval.
    @Sendable static func decide(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let reply = try await InboxService.decide(access, replyID: try req.uuidParameter("reply"), approve: req.formValue("decision") == "approve",
                                                  box: req.application.secretBox, connectors: req.application.connectors, on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .inbox).path + "?status=all#item-\(reply.$item.id.text)")
    }

    @Sendable static func assign(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let id = try req.uuidParameter("item")
        _ = try await InboxService.assign(access, itemID: id, to: req.formValue("assigned_to"), on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .inbox).path + "?status=all#item-\(id.text)")
    }

    /// One item's assignee, priority, labels, department and snooze.
    @Sendable static func work(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let id = try req.uuidParameter("item")
        let changes = InboxService.Changes(assignedTo: req.formValue("assigned_to"), priority: req.formValue("priority"),
                                           labels: req.formValue("labels") ?? "", snoozedUntil: req.formValue("snoozed_until") ?? "",
                                           department: req.formValue("department"))
        do {
            _ = try await InboxService.update(access, itemID: id, changes, on: req.db)
        } catch let error as ValidationError {
            return try await respond(req, access: access, error: error, status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .inbox).path + "?status=all#item-\(id.text)")
    }

    /// The selected items (`items[]`), the changes chosen (empty choices leave a field as it is).
    @Sendable static func bulk(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let ids = req.formValues("items").compactMap(UUID.init(text:))
        func chosen(_ name: String) -> String? { req.formValue(name).flatMap { $0.isEmpty ? nil : $0 } }
        let changes = InboxService.Changes(status: chosen("status"), assignedTo: chosen("assigned_to"), priority: chosen("priority"),
                                           addLabel: chosen("add_label"))
        do {
            guard !ids.isEmpty else {
                throw ValidationError(code: "required", field: "items", message: .init(.inboxNothingSelected))
            }
            _ = try await InboxService.update(access, itemIDs: ids, changes, on: req.db)
        } catch let error as ValidationError {
            return try await respond(req, access: access, error: error, status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .inbox).path + "?done=\(L.inboxSaved.rawValue)")
    }

    @Sendable static func setStatus(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        do {
            _ = try await InboxService.setStatus(access, itemID: try req.uuidParameter("item"), req.formValue("status"), on: req.db)
        } catch let error as ValidationError {
            // A page older than the item's deletion on the platform still offered Reopen.
            return try await respond(req, access: access, error: error, status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .inbox).path + "?done=\(L.inboxSaved.rawValue)")
    }
}
