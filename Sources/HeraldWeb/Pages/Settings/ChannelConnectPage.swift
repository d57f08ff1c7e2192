import HeraldApp
import HeraldConnectors
import HeraldCore
import Vapor

/// Settings → Channels → Connect → a platform: what to do on the platform's side first, and only
/// the fields its connect flow takes (a token and server for Mastodon, a handle and app password
/// for Bluesky, a bot token and chat for Telegram, nothing but a name for the Sandbox).
enum ChannelConnectPage {
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.manageChannels)
        guard let platform = req.parameters.get("platform").flatMap(Platform.init(rawValue:)),
              req.application.connectors.connector(for: platform) != nil else { throw Abort(.notFound) }
        return try await respond(req, access: access, platform: platform, values: [:], error: nil)
    }

    static func respond(_ req: Request, access: WorkspaceAccess, platform: Platform, values: [String: String],
                        error: ValidationError?, status: HTTPResponseStatus = .ok) async throws -> Response {
        .page(view(try await PageContext.make(req, access: access), access: access, platform: platform,
                   connectors: req.application.connectors, values: values, error: error), status: status)
    }

    static func view(_ context: PageContext, access: WorkspaceAccess, platform: Platform, connectors: Connectors,
                     values: [String: String], error: ValidationError?) -> HTML {
        let connector = connectors.connector(for: platform)
        let flow = connector?.connectFlow ?? .token
        let docs = connector?.docsPage ?? ""
        let title = context.t(LocalizedText(.channelConnectTitle, platform.displayName))
        let signsIn = ChannelOAuth.platforms(connectors).contains(platform)
        return Layout.page(context, title: title, body: """
            <h1>\(context.t(.navSettings))</h1>
            \(SettingsNav.render(context, access: access))
            <p><a href="\(SiteURL.workspace(access.workspaceID, .channels).path)">← \(context.t(.channelsTitle))</a></p>
            <h2>\(title)</h2>
            <p class="hint">\(context.t((connector as? any FormConnecting)?.connectSteps ?? (platform == .sandbox ? .channelSandboxSteps : .channelMastodonSteps)))</p>
            <p class="muted">\(context.t(LocalizedText(.channelDocs, docs)))</p>
            \(Layout.formError(context, error, fields: ChannelsPage.fields(connectors)))
            \(signsIn ? "<p class=\"hint\">\(context.t((connector as? any FormConnecting)?.signInWords?.hint ?? .channelOAuthHint))</p>" as HTML : .empty)
            \(context.form(SiteURL.workspace(access.workspaceID, .channels).path, """
                <input type="hidden" name="platform" value="\(platform.rawValue)">
                \(Layout.field(context, name: "name", label: context.t(.channelName), value: values["name"] ?? "", error: error))
                \(flow == .none ? .empty : fields(context, platform: platform, connector: connector, values: values, error: error,
                         oauth: signsIn ? SiteURL.workspace(access.workspaceID, .channelOAuth(platform.rawValue)).path : nil))
                <button type="submit">\(context.t(.channelAdd))</button>
                """))
            """)
    }

    /// The credential fields of a connect flow (also what reconnecting a channel asks for). With
    /// `oauth`, the server is followed by a button that sends the same form there instead (signing
    /// in on the platform), and the token fields come after it as the other way.
    static func fields(_ context: PageContext, platform: Platform, connector: (any SocialPlatform)?, values: [String: String],
                       error: ValidationError?, oauth: String? = nil) -> HTML {
        // Reconnecting a Sandbox channel takes its token again (a new one would be a new account).
        let flow = connector.map { $0.connectFlow == .none ? .token : $0.connectFlow } ?? .token
        switch flow {
        case .none:
            return .empty
        case .token:
            let instance: HTML = platform == .mastodon
                ? Layout.field(context, name: "instance_url", label: context.t(.channelInstance), value: values["instance_url"] ?? "", type: "url", error: error, hint: "https://mastodon.social")
                : .empty
            let signIn: HTML = oauth.map { path in
                """
                <button type="submit" formaction="\(path)" formnovalidate>\(context.t(LocalizedText(.channelOAuthContinue, platform.displayName)))</button>
                <h3>\(context.t(.channelOAuthOrToken))</h3>
                """
            } ?? .empty
            return """
            \(instance)
            \(signIn)
            \(Layout.field(context, name: "access_token", label: context.t(.channelCredential), type: "password", error: error, required: oauth == nil, hint: context.t(.channelCredentialHint), autocomplete: "off"))
            \(Layout.field(context, name: "refresh_token", label: context.t(.channelRefreshToken), type: "password", error: error, required: false, autocomplete: "off"))
            \(Layout.field(context, name: "expires_at", label: context.t(.channelExpires), value: values["expires_at"] ?? "", type: "date", error: error, required: false, hint: context.t(.channelExpiresHint)))
            """
        case .form:
            guard let form = connector as? any FormConnecting else { return .empty }
            // With a sign-in, the account and server come first, then the button, then the secret as the other way.
            let shown = form.connectFields.filter { oauth == nil || $0.kind != .secret }
            let after = oauth == nil ? [] : form.connectFields.filter { $0.kind == .secret }
            let words = form.signInWords
            let signIn: HTML = oauth.map { path in
                """
                <button type="submit" formaction="\(path)" formnovalidate>\(context.t(words.map { LocalizedText($0.button) } ?? LocalizedText(.channelOAuthContinue, platform.displayName)))</button>
                <h3>\(context.t(words?.orSecret ?? .channelOAuthOrToken))</h3>
                """
            } ?? .empty
            func render(_ field: ConnectFormField) -> HTML {
                let type = switch field.kind { case .text: "text"; case .secret: "password"; case .url: "url" }
                // A secret is never written back into the page.
                return Layout.field(context, name: field.name, label: context.t(field.label),
                                    value: field.kind == .secret ? "" : values[field.name] ?? "", type: type, error: error,
                                    required: field.required && oauth == nil, hint: field.example, autocomplete: "off")
            }
            return HTML(unsafe: (shown.map(render) + [signIn] + after.map(render)).map(\.rendered).joined(separator: "\n"))
        }
    }
}
