import Foundation

/// What a channel's sealed credential holds: the access token, for federated platforms the
/// server it lives on, and for expiring tokens the refresh token and the expiry. Stored as JSON;
/// a bare token (older channels, Sandbox) is accepted too.
public struct ChannelCredential: Codable, Sendable, Equatable {
    public var accessToken: String
    public var instanceURL: String?
    public var refreshToken: String?
    public var expiresAt: Date?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case instanceURL = "instance_url"
        case refreshToken = "refresh_token"
        case expiresAt = "expires_at"
    }

    public init(accessToken: String, instanceURL: String? = nil, refreshToken: String? = nil, expiresAt: Date? = nil) {
        self.accessToken = accessToken
        self.instanceURL = instanceURL
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
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
