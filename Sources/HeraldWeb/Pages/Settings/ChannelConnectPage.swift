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
        return .page(try await render(req, access: access, platform: platform, values: [:], error: nil))
    }

    static func render(_ req: Request, access: WorkspaceAccess, platform: Platform, values: [String: String],
                       error: ValidationError?) async throws -> HTML {
        let context = try await PageContext.make(req, access: access)
        let flow = req.application.connectors.connector(for: platform)?.connectFlow ?? .token
        let docs = req.application.connectors.connector(for: platform)?.docsPage ?? ""
        let title = context.t(LocalizedText(.channelConnectTitle, platform.displayName))
        let signsIn = ChannelOAuth.platforms(req.application.connectors).contains(platform)
        return Layout.page(context, title: title, body: """
            <h1>\(context.t(.navSettings))</h1>
            \(SettingsNav.render(context, access: access))
            <p><a href="\(SiteURL.workspace(access.workspaceID, .channels).path)">← \(context.t(.channelsTitle))</a></p>
            <h2>\(title)</h2>
            <p class="hint">\(context.t(steps(platform)))</p>
            <p class="muted">\(context.t(LocalizedText(.channelDocs, docs)))</p>
            \(Layout.formError(context, error, fields: ChannelsPage.fields))
            \(signsIn ? "<p class=\"hint\">\(context.t(platform == .vk ? .channelVKIDHint : .channelOAuthHint))</p>" as HTML : .empty)
            \(context.form(SiteURL.workspace(access.workspaceID, .channels).path, """
                <input type="hidden" name="platform" value="\(platform.rawValue)">
                \(Layout.field(context, name: "name", label: context.t(.channelName), value: values["name"] ?? "", error: error))
                \(fields(context, platform: platform, flow: flow, values: values, error: error,
                         oauth: signsIn ? SiteURL.workspace(access.workspaceID, .channelOAuth(platform.rawValue)).path : nil))
                <button type="submit">\(context.t(.channelAdd))</button>
                """))
            """)
    }

    /// What to do on the platform's side before connecting.
    static func steps(_ platform: Platform) -> L {
        switch platform {
        case .sandbox: .channelSandboxSteps
        case .bluesky: .channelBlueskyHint
        case .telegram: .channelTelegramHint
        case .vk: .channelVKSteps
        default: .channelMastodonSteps
        }
    }

    /// The credential fields of a connect flow (also what reconnecting a channel asks for). With
    /// `oauth`, the server is followed by a button that sends the same form there instead (signing
    /// in on the platform), and the token fields come after it as the other way.
    static func fields(_ context: PageContext, platform: Platform, flow: ConnectFlow, values: [String: String],
                       error: ValidationError?, oauth: String? = nil) -> HTML {
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
        case .appPassword:
            return """
            \(Layout.field(context, name: "handle", label: context.t(.channelBlueskyHandle), value: values["handle"] ?? "", error: error, hint: "name.bsky.social", autocomplete: "off"))
            \(Layout.field(context, name: "app_password", label: context.t(.channelBlueskyAppPassword), type: "password", error: error, hint: "xxxx-xxxx-xxxx-xxxx", autocomplete: "off"))
            \(Layout.field(context, name: "service_url", label: context.t(.channelBlueskyService), value: values["service_url"] ?? "", type: "url", error: error, required: false, hint: "https://pds.example.org"))
            """
        case .communityToken:
            // With a VK ID app the community comes first, then signing in, then the token as the other way.
            let signIn: HTML = oauth.map { path in
                """
                <button type="submit" formaction="\(path)" formnovalidate>\(context.t(.channelVKIDContinue))</button>
                <h3>\(context.t(.channelVKIDOrToken))</h3>
                """
            } ?? .empty
            return """
            \(Layout.field(context, name: "community", label: context.t(.channelVKCommunity), value: values["community"] ?? "", error: error, hint: "vk.com/your_community", autocomplete: "off"))
            \(Layout.field(context, name: "service_url", label: context.t(.channelVKServer), value: values["service_url"] ?? "", type: "url", error: error, required: false, hint: "https://api.vk.com"))
            \(signIn)
            \(Layout.field(context, name: "access_token", label: context.t(.channelVKToken), type: "password", error: error, required: oauth == nil, hint: "vk1.a.…", autocomplete: "off"))
            """
        case .botToken:
            return """
            \(Layout.field(context, name: "access_token", label: context.t(.channelTelegramToken), type: "password", error: error, hint: "123456789:AAF…", autocomplete: "off"))
            \(Layout.field(context, name: "chat", label: context.t(.channelTelegramChat), value: values["chat"] ?? "", error: error, hint: "@channel_name", autocomplete: "off"))
            \(Layout.field(context, name: "service_url", label: context.t(.channelTelegramServer), value: values["service_url"] ?? "", type: "url", error: error, required: false, hint: "https://api.telegram.org"))
            """
        }
    }
}
