import Foundation

/// What a channel's sealed credential holds: the access token and, for federated platforms,
/// the server it lives on. Stored as JSON; a bare token (older channels, Sandbox) is accepted too.
public struct ChannelCredential: Codable, Sendable, Equatable {
    public var accessToken: String
    public var instanceURL: String?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case instanceURL = "instance_url"
    }

    public init(accessToken: String, instanceURL: String? = nil) {
        self.accessToken = accessToken
        self.instanceURL = instanceURL
    }

    public static func parse(_ stored: String) -> ChannelCredential {
        if stored.hasPrefix("{"), let data = stored.data(using: .utf8),
           let credential = try? JSONDecoder().decode(ChannelCredential.self, from: data) {
            return credential
        }
        return ChannelCredential(accessToken: stored)
    }

    public var encoded: String {
        (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? accessToken
    }
}
