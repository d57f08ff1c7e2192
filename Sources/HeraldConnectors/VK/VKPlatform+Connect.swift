import Foundation
import HeraldCore

/// Connecting VK: the community (`vk.com/name`, `club123`, its number), a VK-compatible server
/// only for tests, and a community token (from the community's Manage → API usage) — VK is asked
/// for the community and the token's rights, and what is missing is named. Where the
/// installation has a VK ID app, signing in replaces the token (`VKPlatform+ID`).
extension VKPlatform: FormConnecting {
    public var connectFields: [ConnectFormField] {
        [ConnectFormField("community", label: .channelVKCommunity, kind: .text, example: "vk.com/your_community", role: .account),
         ConnectFormField("service_url", label: .channelVKServer, kind: .url, required: false, example: "https://api.vk.com", role: .server),
         ConnectFormField("access_token", label: .channelVKToken, kind: .secret, example: "vk1.a.…", role: .credential)]
    }

    public var connectSteps: L { .channelVKSteps }
    public var signInWords: ConnectSignInWords? {
        ConnectSignInWords(hint: .channelVKIDHint, button: .channelVKIDContinue, orSecret: .channelVKIDOrToken)
    }

    public func connect(_ values: ConnectValues) async throws -> ChannelCredential {
        let token = try values.secret("access_token", limit: 512)
        let community = try Self.community(values)
        let server = try await values.server("service_url")
        do {
            return try await connect(token: token, community: community, server: server)
        } catch {
            throw refusal(error, about: Self.connectField(for: error, server: server), refused: .channelVKRefused)
        }
    }

    /// The community as typed, required and readable as a VK community.
    public static func community(_ values: ConnectValues) throws -> String {
        let community = try values.required("community")
        guard communityReference(community) != nil else {
            throw ValidationError(code: "invalid_community", field: "community", message: .init(.channelVKCommunityInvalid, String(community.prefix(100))))
        }
        return community
    }
}
