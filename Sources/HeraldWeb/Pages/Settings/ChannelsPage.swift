import HeraldCore
import HeraldStore
import Vapor

/// Connected channels. Credentials go in once and are never shown again.
enum ChannelsPage {
    static let fields: Set<String> = ["platform", "name", "access_token", "instance_url"]

    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        return .page(try await render(req, access: access, values: [:], error: nil))
    }

    @Sendable static func add(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let values = Dictionary(uniqueKeysWithValues: fields.compactMap { key in req.formValue(key).map { (key, $0) } })
        do {
            _ = try await ChannelService.create(
                access, .init(platform: values["platform"], name: values["name"], accessToken: values["access_token"],
                              instanceURL: values["instance_url"]),
                box: req.application.secretBox, on: req.db)
            return req.redirect(to: SiteURL.workspace(access.workspaceID, .channels).path + "?done=\(L.channelAdded.rawValue)")
        } catch let error as ValidationError {
            var kept = values
            kept["access_token"] = nil
            return .page(try await render(req, access: access, values: kept, error: error), status: .unprocessableEntity)
        }
    }

    @Sendable static func remove(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try await ChannelService.delete(access, id: req.uuidParameter("channel"), on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .channels).path + "?done=\(L.channelRemoved.rawValue)")
    }

    static func render(_ req: Request, access: WorkspaceAccess, values: [String: String], error: ValidationError?)
        async throws -> HTML
    {
        let context = try await PageContext.make(req, access: access)
        let channels = try await ChannelService.list(access, on: req.db)
        let manage = access.can(.manageChannels)
        let rows: [HTML] = channels.map { channel in
            let remove: HTML = manage
                ? context.button(SiteURL.workspace(access.workspaceID, .channelRemove(channel.id)).path, context.t(.delete), danger: true)
                : .empty
            let slots: HTML = manage ? context.form(SiteURL.workspace(access.workspaceID, .slots(channel.id)).path, """
                \(Layout.field(context, name: "posting_slots", label: context.t(.slotsLabel), value: channel.postingSlots.map(\.text).joined(separator: ", "), required: false, hint: context.t(.slotsHint)))
                <button type="submit" class="secondary">\(context.t(.save))</button>
                """, className: "stack slots") : (channel.postingSlots.map(\.text).joined(separator: ", ").asEscapedHTML)
            return """
            <tr><td>\(channel.name)</td><td>\(channel.platform?.displayName ?? channel.platformName)</td>
            <td>\(channel.state.rawValue)</td><td>\(slots)</td><td>\(remove)</td></tr>
            """
        }
        let table: HTML = channels.isEmpty
            ? "<p class=\"muted\">\(context.t(.channelsEmpty))</p>"
            : """
              <div class="table"><table><thead><tr><th>\(context.t(.channelName))</th><th>\(context.t(.channelPlatform))</th>
              <th>\(context.t(.channelState))</th><th>\(context.t(.slotsLabel))</th><th></th></tr></thead><tbody>\(rows)</tbody></table></div>
              """
        var addForm: HTML = .empty
        if manage {
            let platforms = Platform.allCases.map { ($0.rawValue, $0.displayName) }
            addForm = """
            <section><h2>\(context.t(.channelAdd))</h2>
            \(Layout.formError(context, error, fields: fields.union(["posting_slots"])))
            \(context.form(SiteURL.workspace(access.workspaceID, .channels).path, """
                \(Layout.select(context, name: "platform", label: context.t(.channelPlatform), options: platforms, selected: values["platform"] ?? Platform.sandbox.rawValue))
                \(Layout.field(context, name: "name", label: context.t(.channelName), value: values["name"] ?? "", error: error))
                \(Layout.field(context, name: "instance_url", label: context.t(.channelInstance), value: values["instance_url"] ?? "", type: "url", error: error, required: false, hint: "https://mastodon.social"))
                \(Layout.field(context, name: "access_token", label: context.t(.channelCredential), type: "password", error: error, hint: context.t(.channelCredentialHint), autocomplete: "off"))
                <button type="submit">\(context.t(.channelAdd))</button>
                """))
            </section>
            """
        }
        return Layout.page(context, title: context.t(.channelsTitle), body: """
            <h1>\(context.t(.navSettings))</h1>
            \(SettingsNav.render(context, access: access))
            <h2>\(context.t(.channelsTitle))</h2>
            \(error?.field == "posting_slots" ? "<p class=\"error\" role=\"alert\">\(context.t(error!.message))</p>" as HTML : .empty)
            \(table)
            \(addForm)
            """)
    }
}
