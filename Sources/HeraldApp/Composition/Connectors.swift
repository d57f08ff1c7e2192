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

    /// The platforms Herald can publish to; the others are offered as "coming".
    package static let publishing: [Platform] = [.sandbox, .mastodon]

    package func connector(for platform: Platform) -> (any SocialPlatform)? {
        switch platform {
        case .sandbox: sandbox
        case .mastodon: mastodon
        default: nil
        }
    }
}
