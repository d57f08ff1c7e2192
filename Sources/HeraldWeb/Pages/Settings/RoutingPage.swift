import HeraldApp
import HeraldCore
import HeraldJobs
import HeraldStore
import Vapor

/// Settings → Routing: the workspace's ordered rules (when … then …), a form to add one, and
/// "Try on the last 500 items" before saving (what was typed is kept).
enum RoutingPage {
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        return try await respond(req, access: access, values: [:], error: nil, trial: nil)
    }

    /// The rule a form describes (page and API read the same names).
    static func input(_ values: [String: String], lists: [String: [String]]) -> RoutingRuleService.Input {
        func list(_ key: String) -> [String]? {
            let parts = (values[key] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return parts.isEmpty ? nil : parts
        }
        func value(_ key: String) -> String? { values[key].flatMap { $0.isEmpty ? nil : $0 } }
        let conditions = RoutingConditions(
            keywords: list("keywords"), pattern: value("pattern"), language: value("language"),
            channels: lists["channels"].map { $0.compactMap(UUID.init(text:)) }, kinds: lists["kinds"], author: value("author"),
            vip: list("vip"), sentiment: value("sentiment"), urgent: values["urgent"] == "1" ? true : nil)
        let actions = RoutingActions(assignTo: value("assign_to").flatMap(UUID.init(text:)),
                                     department: value("department").flatMap(UUID.init(text:)), labels: list("labels"),
                                     priority: value("priority"), hide: values["hide"] == "1", stop: values["stop"] == "1",
                                     reply: value("reply").flatMap(UUID.init(text:)))
        return RoutingRuleService.Input(name: values["name"], conditions: conditions, actions: actions)
    }

    static let fields = ["name", "keywords", "pattern", "language", "author", "vip", "sentiment", "urgent", "assign_to", "department",
                         "labels", "priority", "hide", "stop", "reply"]

    static func formValues(_ req: Request) -> ([String: String], [String: [String]]) {
        let values = Dictionary(uniqueKeysWithValues: fields.compactMap { key in req.formValue(key).map { (key, $0) } })
        return (values, ["channels": req.formValues("channels"), "kinds": req.formValues("kinds")].filter { !$0.value.isEmpty })
    }

    static func respond(_ req: Request, access: WorkspaceAccess, values: [String: String], lists: [String: [String]] = [:],
                        error: ValidationError?, trial: RoutingRuleService.Trial?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let screen = try await RoutingScreen.load(access, on: req.db)
        let context = try await PageContext.make(req, access: access)
        return .page(view(context, access: access, screen, values: values, lists: lists, error: error, trial: trial), status: status)
    }

    static func view(_ context: PageContext, access: WorkspaceAccess, _ screen: RoutingScreen, values: [String: String],
                     lists: [String: [String]], error: ValidationError?, trial: RoutingRuleService.Trial?) -> HTML {
        let (rules, members, departments, channels, saved) = (screen.rules, screen.members, screen.departments, screen.channels,
                                                              screen.savedReplies)
        let manage = access.can(.manageSettings)
        let w = access.workspaceID
        let rows: [HTML] = rules.map { entry in
            guard let id = entry.row.id else { return .empty }
            let controls: HTML = manage ? """
                \(context.form(SiteURL.workspace(w, .routingMove(id)).path, "<input type=\"hidden\" name=\"direction\" value=\"up\"><button type=\"submit\" class=\"link\">\(context.t(.routingUp))</button>", className: "inline"))
                \(context.form(SiteURL.workspace(w, .routingMove(id)).path, "<input type=\"hidden\" name=\"direction\" value=\"down\"><button type=\"submit\" class=\"link\">\(context.t(.routingDown))</button>", className: "inline"))
                \(context.form(SiteURL.workspace(w, .routingSwitch(id)).path, "<input type=\"hidden\" name=\"enabled\" value=\"\(entry.row.enabled ? "false" : "true")\"><button type=\"submit\" class=\"link\">\(context.t(entry.row.enabled ? .routingSwitchOff : .routingSwitchOn))</button>", className: "inline"))
                \(context.button(SiteURL.workspace(w, .routingRemove(id)).path, context.t(.routingRemove), danger: true))
                """ : .empty
            let off: HTML = entry.row.enabled ? .empty : " <span class=\"label\">\(context.t(.routingOff))</span>"
            return """
            <li class="card\(entry.row.enabled ? "" : " muted")"><h3>\(entry.row.position). \(entry.row.name)\(off)</h3>
            <p><strong>\(context.t(.routingWhen))</strong> \(describe(context, entry.rule.conditions, channels: channels))</p>
            <p><strong>\(context.t(.routingThen))</strong> \(describe(context, entry.rule.actions, members: members, departments: departments, saved: saved))</p>
            \(controls)</li>
            """
        }
        let trialBlock: HTML = trial.map { trial in
            let examples: [HTML] = trial.examples.map { "<li><small>\($0.authorName) · \(context.date($0.at))</small> \($0.text)</li>" }
            return """
            <div class="notice" role="status"><p>\(context.t(LocalizedText(.routingWouldMatch, String(trial.matched), String(trial.tried))))
            \(trial.tooSlow > 0 ? context.t(LocalizedText(.routingTrialTooSlow, String(trial.tooSlow))) : "")</p>
            \(examples.isEmpty ? HTML.empty : "<p>\(context.t(.routingExamples))</p><ul class=\"history\">\(examples)</ul>" as HTML)</div>
            """
        } ?? .empty
        func checks(_ name: String, _ options: [(String, String)]) -> HTML {
            let chosen = lists[name] ?? []
            let boxes: [HTML] = options.map { value, label in
                let box = "\(name)-\(value)"
                return "<label class=\"check\" for=\"\(box)\"><input type=\"checkbox\" id=\"\(box)\" name=\"\(name)[]\" value=\"\(value)\"\(chosen.contains(value) ? " checked" : "")> \(label)</label>"
            }
            return HTML(unsafe: boxes.map(\.rendered).joined(separator: " "))
        }
        func flag(_ name: String, _ label: L) -> HTML {
            "<label class=\"check\" for=\"\(name)\"><input type=\"checkbox\" id=\"\(name)\" name=\"\(name)\" value=\"1\"\(values[name] == "1" ? " checked" : "")> \(context.t(label))</label>"
        }
        let any = context.t(.routingAny)
        let kinds: [(String, String)] = ["comment", "reply", "mention", "quote", "direct_message"].map { ($0, context.t(InboxPage.kind($0))) }
        let form: HTML = manage ? """
            <section><h2>\(context.t(.routingAdd))</h2>
            \(Layout.formError(context, error, fields: ["name", "keywords", "pattern", "vip", "labels"]))
            \(trialBlock)
            \(context.form(SiteURL.workspace(w, .routing).path, """
                \(Layout.field(context, name: "name", label: context.t(.routingName), value: values["name"] ?? "", error: error, required: false))
                <fieldset><legend>\(context.t(.routingWhen))</legend>
                \(Layout.field(context, name: "keywords", label: context.t(.routingKeywords), value: values["keywords"] ?? "", error: error, required: false, hint: context.t(.routingKeywordsHint)))
                \(Layout.field(context, name: "pattern", label: context.t(.routingPattern), value: values["pattern"] ?? "", error: error, required: false, hint: "заказ\\s*№?\\d+"))
                \(Layout.select(context, name: "language", label: context.t(.routingLanguage), options: [("", any), ("ru", context.t(.routingLanguageRU)), ("en", context.t(.routingLanguageEN))], selected: values["language"] ?? ""))
                \(Layout.select(context, name: "sentiment", label: context.t(.routingSentiment), options: [("", any), ("negative", context.t(.moodNegative)), ("neutral", context.t(.moodNeutral)), ("positive", context.t(.moodPositive))], selected: values["sentiment"] ?? ""))
                \(Layout.select(context, name: "author", label: context.t(.routingAuthor), options: [("", any)] + RoutingConditions.authorChoices.map { ($0, context.t(Self.authorLabel($0))) }, selected: values["author"] ?? ""))
                \(flag("urgent", .routingUrgent))
                <p>\(context.t(.routingKinds)): \(checks("kinds", kinds))</p>
                \(channels.isEmpty ? HTML.empty : "<p>\(context.t(.routingChannels)): \(checks("channels", channels.map { ($0.0.text, $0.1) }))</p>" as HTML)
                \(Layout.field(context, name: "vip", label: context.t(.routingVIP), value: values["vip"] ?? "", error: error, required: false))
                </fieldset>
                <fieldset><legend>\(context.t(.routingThen))</legend>
                \(Layout.select(context, name: "assign_to", label: context.t(.routingAssign), options: [("", "—")] + members.map { ($0.0.text, $0.1) }, selected: values["assign_to"] ?? ""))
                \(departments.isEmpty ? HTML.empty : Layout.select(context, name: "department", label: context.t(.inboxDepartment), options: [("", "—")] + departments.map { ($0.0.text, $0.1) }, selected: values["department"] ?? ""))
                \(Layout.select(context, name: "priority", label: context.t(.inboxPriority), options: [("", "—")] + InboxPage.priorities(context), selected: values["priority"] ?? ""))
                \(Layout.field(context, name: "labels", label: context.t(.routingLabels), value: values["labels"] ?? "", error: error, required: false, hint: context.t(.inboxLabelsHint)))
                \(saved.isEmpty ? HTML.empty : Layout.select(context, name: "reply", label: context.t(.routingReply), options: [("", "—")] + saved.map { ($0.0.text, $0.1) }, selected: values["reply"] ?? ""))
                \(flag("hide", .routingHide))
                \(flag("stop", .routingStop))
                </fieldset>
                <button type="submit" class="secondary" formaction="\(SiteURL.workspace(w, .routingTry).path)">\(context.t(.routingTry))</button>
                <button type="submit">\(context.t(.routingAdd))</button>
                """))
            </section>
            """ : .empty
        return Layout.page(context, title: context.t(.routingTitle), body: """
            <h1>\(context.t(.navSettings))</h1>
            \(SettingsNav.render(context, access: access))
            <h2>\(context.t(.routingTitle))</h2>
            <p class="hint">\(context.t(.routingHint))</p>
            \(rows.isEmpty ? "<p class=\"muted\">\(context.t(.routingEmpty))</p>" as HTML : "<ol class=\"cards\">\(rows)</ol>" as HTML)
            \(form)
            """)
    }

    /// A rule's conditions in words.
    static func describe(_ context: PageContext, _ conditions: RoutingConditions, channels: [(UUID, String)]) -> String {
        var parts: [String] = []
        if let keywords = conditions.keywords { parts.append("\(context.t(.routingKeywords)): \(keywords.joined(separator: ", "))") }
        if let pattern = conditions.pattern { parts.append("\(context.t(.routingPattern)): \(pattern)") }
        if let language = conditions.language { parts.append("\(context.t(.routingLanguage)): \(context.t(language == "ru" ? .routingLanguageRU : .routingLanguageEN))") }
        if let sentiment = conditions.sentiment { parts.append("\(context.t(.routingSentiment)): \(context.t(mood(sentiment)))") }
        if let author = conditions.author { parts.append("\(context.t(.routingAuthor)): \(context.t(Self.authorLabel(author)))") }
        if conditions.urgent == true { parts.append(context.t(.routingUrgent)) }
        if let kinds = conditions.kinds { parts.append("\(context.t(.routingKinds)): \(kinds.map { context.t(InboxPage.kind($0)) }.joined(separator: ", "))") }
        if let ids = conditions.channels { parts.append("\(context.t(.routingChannels)): \(ids.compactMap { id in channels.first { $0.0 == id }?.1 }.joined(separator: ", "))") }
        if let vip = conditions.vip { parts.append("VIP: \(vip.joined(separator: ", "))") }
        return parts.joined(separator: " · ")
    }

    /// A rule's actions in words.
    static func describe(_ context: PageContext, _ actions: RoutingActions, members: [(UUID, String)], departments: [(UUID, String)],
                         saved: [(UUID, String)]) -> String {
        var parts: [String] = []
        if let user = actions.assignTo { parts.append(context.t(LocalizedText(.eventAssigned, members.first { $0.0 == user }?.1 ?? "—"))) }
        if let department = actions.department { parts.append(context.t(LocalizedText(.eventDepartment, departments.first { $0.0 == department }?.1 ?? "—"))) }
        if let priority = actions.priority.flatMap(InboxItem.Priority.init(rawValue:)) {
            parts.append(context.t(LocalizedText(.eventPriority, context.t(InboxPage.priorityLabel(priority)))))
        }
        if let labels = actions.labels { parts.append(context.t(LocalizedText(.eventLabels, labels.joined(separator: ", ")))) }
        if actions.hide == true { parts.append(context.t(.eventHidden)) }
        if let reply = actions.reply { parts.append(context.t(LocalizedText(.eventReplied, saved.first { $0.0 == reply }?.1 ?? "—"))) }
        if actions.stop == true { parts.append(context.t(.routingStop)) }
        return parts.joined(separator: " · ")
    }

    static func mood(_ raw: String) -> L {
        switch raw {
        case "negative": .moodNegative
        case "positive": .moodPositive
        default: .moodNeutral
        }
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let (values, lists) = formValues(req)
        do {
            _ = try await RoutingRuleService.create(access, input(values, lists: lists), on: req.db)
        } catch let error as ValidationError {
            return try await respond(req, access: access, values: values, lists: lists, error: error, trial: nil, status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .routing).path + "?done=\(L.routingSaved.rawValue)")
    }

    @Sendable static func tryRule(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let (values, lists) = formValues(req)
        do {
            let trial = try await RoutingRuleService.trial(access, input(values, lists: lists), on: req.db)
            return try await respond(req, access: access, values: values, lists: lists, error: nil, trial: trial)
        } catch let error as ValidationError {
            return try await respond(req, access: access, values: values, lists: lists, error: error, trial: nil, status: .unprocessableEntity)
        }
    }

    @Sendable static func remove(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try await RoutingRuleService.delete(access, ruleID: try req.uuidParameter("rule"), on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .routing).path)
    }

    @Sendable static func switchRule(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        _ = try await RoutingRuleService.setEnabled(access, ruleID: try req.uuidParameter("rule"), req.formValue("enabled") == "true", on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .routing).path)
    }

    @Sendable static func move(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try await RoutingRuleService.move(access, ruleID: try req.uuidParameter("rule"), up: req.formValue("direction") != "down", on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .routing).path)
    }

    static func authorLabel(_ choice: String) -> L {
        switch choice {
        case "new": .routingAuthorNew
        case "follower": .routingAuthorFollower
        case "not_follower": .routingAuthorNotFollower
        default: .routingAuthorKnown
        }
    }
}
