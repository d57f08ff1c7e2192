import AsyncHTTPClient
import HeraldConnectors
import HeraldCore

/// Herald's connectors, by platform; platforms without one are refused visibly.
package struct Connectors: Sendable {
    package let sandbox: SandboxPlatform
    package let mastodon: MastodonPlatform
    package let bluesky: BlueskyPlatform
    package let telegram: TelegramPlatform
    package var vk: VKPlatform
    /// Where requests to servers people name (Mastodon instances, webhooks) may go.
    package let outbound: OutboundGuard
    /// Herald's public address when platforms can reach it (`HERALD_RECEIVE_PUSH`): then
    /// platforms that push their updates (Telegram) are asked to, instead of being polled.
    package var pushBase: String?

    package init(sandbox: SandboxPlatform, client: HTTPClient, outbound: OutboundGuard = OutboundGuard(allowed: []),
                 bluesky: BlueskyDirectory = .public, recorder: (@Sendable (JSONValue) -> Void)? = nil) {
        self.sandbox = sandbox
        self.outbound = outbound
        self.mastodon = MastodonPlatform(client: client, recorder: recorder, outbound: outbound)
        self.bluesky = BlueskyPlatform(client: client, recorder: recorder, outbound: outbound, directory: bluesky)
        self.telegram = TelegramPlatform(client: client, recorder: recorder, outbound: outbound)
        self.vk = VKPlatform(client: client, recorder: recorder, outbound: outbound)
    }

    /// The platforms Herald can publish to; the others are offered as "coming".
    package static let publishing: [Platform] = [.sandbox, .mastodon, .bluesky, .telegram, .vk]

    /// The fields of a platform's own connect form (none for the token flow).
    package func formFields(_ platform: Platform) -> [ConnectFormField] {
        (connector(for: platform) as? any FormConnecting)?.connectFields ?? []
    }

    package func connector(for platform: Platform) -> (any SocialPlatform)? {
        switch platform {
        case .sandbox: sandbox
        case .mastodon: mastodon
        case .bluesky: bluesky
        case .telegram: telegram
        case .vk: vk
        default: nil
        }
    }
}
