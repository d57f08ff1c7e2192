import AsyncHTTPClient
import HeraldConnectors
import HeraldCore

/// Herald's connectors, by platform; platforms without one are refused visibly.
package struct Connectors: Sendable {
    package let sandbox: SandboxPlatform
    package let mastodon: MastodonPlatform

    package init(sandbox: SandboxPlatform, client: HTTPClient) {
        self.sandbox = sandbox
        self.mastodon = MastodonPlatform(client: client)
    }

    package func connector(for platform: Platform) -> (any SocialPlatform)? {
        switch platform {
        case .sandbox: sandbox
        case .mastodon: mastodon
        default: nil
        }
    }
}
