import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// Connected channels. Credentials go in once and are never shown again.
enum ChannelsPage {
    /// The fields of the token flow, and those of each platform's own connect form (`FormConnecting`).
    static func fields(_ connectors: Connectors) -> Set<String> {
        Set(["platform", "name", "access_token", "instance_url", "refresh_token", "expires_at"])
            .union(Connectors.publishing.flatMap { connectors.formFields($0).map(\.name) })
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        return try await respond(req, access: access, values: [:], error: nil)
    }

    @Sendable static func add(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let values = Dictionary(uniqueKeysWithValues: fields(req.application.connectors).compactMap { key in req.formValue(key).map { (key, $0) } })
        do {
            _ = try await ChannelService.create(access, newChannel(values), box: req.application.secretBox,
                                                connectors: req.application.connectors, on: req.db)
            return req.redirect(to: SiteURL.workspace(access.workspaceID, .channels).path + "?done=\(L.channelAdded.rawValue)")
        } catch let error as ValidationError {
            var kept = values
            // Secrets are never written back into a page.
            let secrets = values["platform"].flatMap(Platform.init(rawValue:)).map { req.application.connectors.formFields($0) }?
                .filter { $0.kind == .secret }.map(\.name) ?? []
            for key in ["access_token", "refresh_token"] + secrets { kept[key] = nil }
            // Back to the platform's own connect page, with what was typed (never the secrets).
            if let platform = values["platform"].flatMap(Platform.init(rawValue:)), req.application.connectors.connector(for: platform) != nil {
                return try await ChannelConnectPage.respond(req, access: access, platform: platform, values: kept, error: error, status: .unprocessableEntity)
            }
            return try await respond(req, access: access, values: kept, error: error, status: .unprocessableEntity)
        }
    }

    static func newChannel(_ values: [String: String]) -> ChannelService.NewChannel {
        var input = ChannelService.NewChannel(platform: values["platform"], name: values["name"], accessToken: values["access_token"],
                                              instanceURL: values["instance_url"], refreshToken: values["refresh_token"],
                                              expiresAt: values["expires_at"])
        input.formValues = values
        return input
    }

    /// Pause / resume (`state`) or the rate budget (`budget_count`, `budget_hours`).
    @Sendable static func update(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        func number(_ key: String) throws -> Int? {
            guard let raw = req.formValue(key)?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            guard let value = Int(raw) else {
                throw ValidationError(code: "out_of_range", field: key, message: .init(.errorOutOfRange, "-1", "1000000"))
            }
            return value
        }
        do {
            _ = try await ChannelService.update(access, id: req.uuidParameter("channel"),
                                               .init(state: req.formValue("state"), budgetCount: try number("budget_count"),
                                                     budgetHours: try number("budget_hours")), on: req.db)
            return req.redirect(to: SiteURL.workspace(access.workspaceID, .channels).path + "?done=\(L.channelSaved.rawValue)")
        } catch let error as ValidationError {
            return try await respond(req, access: access, values: [:], error: error, status: .unprocessableEntity)
        }
    }

    @Sendable static func reconnect(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let values = Dictionary(uniqueKeysWithValues: fields(req.application.connectors).compactMap { key in req.formValue(key).map { (key, $0) } })
        var input = newChannel(values)
        input.platform = nil
        input.name = nil
        do {
            _ = try await ChannelService.reconnect(access, id: req.uuidParameter("channel"), input, box: req.application.secretBox,
                                                   connectors: req.application.connectors, on: req.db)
            return req.redirect(to: SiteURL.workspace(access.workspaceID, .channels).path + "?done=\(L.channelReconnected.rawValue)")
        } catch let error as ValidationError {
            return try await respond(req, access: access, values: [:], error: error, status: .unprocessableEntity)
        }
    }

    /// The channel's state in words, with the reason and any rate-limit hold.
    static func stateText(_ context: PageContext, _ channel: SocialChannel, now: Date = Date()) -> HTML {
        let label: L = switch channel.state {
        case .active: .channelStateActive
        case .needsReconnect: .channelStateNeedsReconnect
        case .paused: .channelStatePaused
        }
        var text: HTML = channel.state == .active ? "\(context.t(label))" : "<strong class=\"error-text\">\(context.t(label))</strong>"
        if let platform = channel.platform, !Connectors.publishing.contains(platform) {
            text = "<strong class=\"error-text\">\(context.t(.channelCannotPublish))</strong>"
        }
        if let reason = channel.stateReason, channel.state != .active { text = "\(text)<br><small>\(reason)</small>" }
        if let until = channel.ratePausedUntil, until > now {
            text = "\(text)<br><small>\(context.t(LocalizedText(.channelRatePaused, context.date(until))))</small>"
        }
        if let expiry = channel.credentialExpiresAt {
            text = "\(text)<br><small>\(context.t(.channelExpires)): \(context.date(expiry))</small>"
        }
        return text
    }

    /// Pause/resume, reconnect and budget, folded away under "Manage".
    static func controls(_ context: PageContext, access: WorkspaceAccess, channel: SocialChannel, connectors: Connectors) -> HTML {
        guard let id = channel.id else { return .empty }
        let toggle: HTML = context.form(SiteURL.workspace(access.workspaceID, .channelUpdate(id)).path, """
            <input type="hidden" name="state" value="\(channel.state == .paused ? "active" : "paused")">
            <button type="submit" class="secondary">\(context.t(channel.state == .paused ? .channelResume : .channelPause))</button>
            """, className: "inline")
        let budget = channel.rateBudget
        let platform = channel.platform ?? .sandbox
        let credentialFields = ChannelConnectPage.fields(context, platform: platform, connector: connectors.connector(for: platform),
                                                         values: [:], error: nil)
        return """
        <details><summary>\(context.t(.channelManage))</summary>
        \(toggle)
        \(context.form(SiteURL.workspace(access.workspaceID, .channelReconnect(id)).path, """
            \(credentialFields)
            <button type="submit">\(context.t(.channelReconnect))</button>
            """))
        \(context.form(SiteURL.workspace(access.workspaceID, .channelUpdate(id)).path, """
            <p><strong>\(context.t(.channelBudget))</strong>: \(budget.map { context.t(LocalizedText(.channelBudgetNow, String($0.count), String($0.seconds / 3600))) } ?? context.t(.channelBudgetUnlimited))</p>
            \(Layout.field(context, name: "budget_count", label: context.t(.channelBudgetCount), value: channel.budgetCount.map(String.init) ?? "", type: "number", required: false, hint: context.t(.channelBudgetHint)))
            \(Layout.field(context, name: "budget_hours", label: context.t(.channelBudgetHours), value: channel.budgetSeconds.map { String($0 / 3600) } ?? "", type: "number", required: false))
            <button type="submit" class="secondary">\(context.t(.save))</button>
            """))
        </details>
        """
    }

    @Sendable static func remove(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try await ChannelService.delete(access, id: req.uuidParameter("channel"), on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .channels).path + "?done=\(L.channelRemoved.rawValue)")
    }

    /// `checked`: what a connection check found, shown above the table.
    static func respond(_ req: Request, access: WorkspaceAccess, values: [String: String], error: ValidationError?,
                        status: HTTPResponseStatus = .ok, checked: (PageContext) -> HTML = { _ in .empty }) async throws -> Response {
        let channels = try await ChannelService.list(access, on: req.db)
        let syncProblems = try await InboxService.syncProblems(access, on: req.db)
        let context = try await PageContext.make(req, access: access)
        return .page(view(context, access: access, channels: channels, syncProblems: syncProblems, connectors: req.application.connectors,
                          error: error, checked: checked(context)), status: status)
    }

    static func view(_ context: PageContext, access: WorkspaceAccess, channels: [SocialChannel], syncProblems: [(SocialChannel, String)],
                     connectors: Connectors, error: ValidationError?, checked: HTML) -> HTML {
        // A channel whose comments and messages could not be read says why on its row.
        let syncProblems = Dictionary(syncProblems.compactMap { channel, error in
            channel.id.map { ($0, InboxService.problem(error, channel: channel).map { context.t(LocalizedText(.inboxSyncFailed, channel.name, context.t($0))) } ?? "") }
        }, uniquingKeysWith: { a, _ in a })
        let manage = access.can(.manageChannels)
        let rows: [DataTable.Row] = channels.flatMap { channel -> [DataTable.Row] in
            let remove: HTML = manage
                ? context.button(SiteURL.workspace(access.workspaceID, .channelRemove(channel.id)).path, context.t(.delete), danger: true)
                : .empty
            let slots: HTML = manage ? context.form(SiteURL.workspace(access.workspaceID, .slots(channel.id)).path, """
                \(Layout.field(context, name: "posting_slots", label: context.t(.slotsLabel), value: channel.postingSlots.map(\.text).joined(separator: ", "), required: false, hint: context.t(.slotsHint)))
                <button type="submit" class="secondary">\(context.t(.save))</button>
                """, className: "stack slots") : (channel.postingSlots.map(\.text).joined(separator: ", ").asEscapedHTML)
            let state: HTML = "\(stateText(context, channel))\(channel.id.flatMap { syncProblems[$0] }.map { "<br><small class=\"error-text\">\($0)</small>" as HTML } ?? .empty)"
            let row = DataTable.Row.cells([
                "\(channel.name)", "\(channel.platform?.displayName ?? channel.platformName)", state, slots,
                "\(context.button(SiteURL.workspace(access.workspaceID, .channelCheck(channel.id)).path, context.t(.channelCheck)))\(remove)",
            ])
            guard manage else { return [row] }
            return [row, .wide(controls(context, access: access, channel: channel, connectors: connectors), className: "manage")]
        }
        let table: HTML = channels.isEmpty
            ? "<p class=\"muted\">\(context.t(.channelsEmpty))</p>"
            : DataTable([.init(context.t(.channelName)), .init(context.t(.channelPlatform)), .init(context.t(.channelState)),
                         .init(context.t(.slotsLabel)), .init("")], rows: rows).html
        var addForm: HTML = .empty
        if manage {
            let links: [HTML] = Connectors.publishing.map { platform in
                "<li><a class=\"button\" href=\"\(SiteURL.workspace(access.workspaceID, .channelConnect(platform.rawValue)).path)\">\(platform.displayName)</a></li>"
            }
            let coming = Platform.allCases.filter { !Connectors.publishing.contains($0) }.map(\.displayName).joined(separator: ", ")
            addForm = """
            <section><h2>\(context.t(.channelAdd))</h2>
            <ul class="connect">\(links)</ul>
            <p class="muted">\(context.t(LocalizedText(.channelsComing, coming)))</p>
            \(Layout.formError(context, error, fields: fields(connectors).union(["posting_slots"])))
            </section>
            """
        }
        return Layout.page(context, title: context.t(.channelsTitle), body: """
            <h1>\(context.t(.navSettings))</h1>
            \(SettingsNav.render(context, access: access))
            <h2>\(context.t(.channelsTitle))</h2>
            \(error.flatMap { ["posting_slots", "state", "budget_count", "budget_hours", "access_token", "expires_at", "instance_url", "handle", "app_password", "service_url", "chat", "community", "refresh_token", "name", "platform"].contains($0.field ?? "") ? $0 : nil }.map { "<p class=\"error\" role=\"alert\">\(context.t($0.message))</p>" as HTML } ?? .empty)
            \(checked)
            \(table)
            \(addForm)
            """)
    }

    /// Asks the platform about the channel now and shows what Herald can do with the account.
    @Sendable static func check(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let id = try req.uuidParameter("channel")
        do {
            let result = try await ChannelService.check(access, id: id, box: req.application.secretBox,
                                                        connectors: req.application.connectors, on: req.db)
            return try await respond(req, access: access, values: [:], error: nil) { ChannelCheckView.render($0, result) }
        } catch let error as ValidationError {
            return try await respond(req, access: access, values: [:], error: error, status: .unprocessableEntity)
        }
    }
}
