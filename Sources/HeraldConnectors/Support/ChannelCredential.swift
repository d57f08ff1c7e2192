import Foundation

/// What a channel's sealed credential holds: the access token, for federated platforms the
/// server it lives on, and for expiring tokens the refresh token and the expiry. Stored as JSON;
/// a bare token (older channels, Sandbox) is accepted too.
public struct ChannelCredential: Codable, Sendable, Equatable {
    public var accessToken: String
    public var instanceURL: String?
    public var refreshToken: String?
    public var expiresAt: Date?
    /// The account as the platform names it for good (a Bluesky DID).
    public var account: String?
    /// The name people know the account by (a Bluesky handle).
    public var handle: String?
    /// For platforms signed in with a password made for one app (a Bluesky app password): how a
    /// session is opened again when its refresh token is gone. Sealed like the rest.
    public var appPassword: String?
    /// The device a VK ID sign-in was made on: its refresh token only works with it.
    public var deviceID: String?
    /// The person who signed in (VK ID's `user_id`), whose right to post is checked.
    public var userID: String?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case instanceURL = "instance_url"
        case refreshToken = "refresh_token"
        case expiresAt = "expires_at"
        case account
        case handle
        case appPassword = "app_password"
        case deviceID = "device_id"
        case userID = "user_id"
    }

    public init(accessToken: String, instanceURL: String? = nil, refreshToken: String? = nil, expiresAt: Date? = nil,
                account: String? = nil, handle: String? = nil, appPassword: String? = nil, deviceID: String? = nil) {
        self.deviceID = deviceID
        self.account = account
        self.handle = handle
        self.appPassword = appPassword
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
