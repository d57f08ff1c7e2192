import FluentKit
import Foundation

/// Herald as an app registered on one server of a platform (for the redirect address it was
/// registered with). The client secret is sealed like channel credentials.
public final class OAuthApp: Model, @unchecked Sendable {
    public static let schema = "oauth_apps"

    @ID(key: .id) public var id: UUID?
    @Field(key: "platform") public var platform: String
    @Field(key: "server") public var server: String
    @Field(key: "redirect_uri") public var redirectURI: String
    @Field(key: "client_id") public var clientID: String
    @Field(key: "sealed_secret") public var sealedSecret: Data
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(id: UUID = UUID(), platform: String, server: String, redirectURI: String, clientID: String, sealedSecret: Data) {
        self.id = id
        self.platform = platform
        self.server = server
        self.redirectURI = redirectURI
        self.clientID = clientID
        self.sealedSecret = sealedSecret
    }

    public static func secretContext(id: UUID) -> String { "oauth-app:\(id.text.lowercased())" }
}

/// One connection in progress: who started it, for which workspace, server and channel name (or
/// which channel it reconnects), and the PKCE verifier, sealed. Found by the hash of the `state`
/// the platform sends back; used once; gone after `expiresAt`.
public final class OAuthState: Model, @unchecked Sendable {
    public static let schema = "oauth_states"

    @ID(key: .id) public var id: UUID?
    @Field(key: "state_hash") public var stateHash: String
    @Parent(key: "workspace_id") public var workspace: Workspace
    @Parent(key: "user_id") public var user: User
    @Field(key: "platform") public var platform: String
    @Field(key: "server") public var server: String
    @Field(key: "name") public var name: String
    /// The account the channel is for, when the platform signs in a person who manages several (a VK community).
    @OptionalField(key: "account") public var account: String?
    @OptionalField(key: "channel_id") public var channelID: UUID?
    @Field(key: "sealed_verifier") public var sealedVerifier: Data
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "used_at") public var usedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(id: UUID = UUID(), stateHash: String, workspaceID: UUID, userID: UUID, platform: String, server: String, name: String,
                account: String? = nil, channelID: UUID?, sealedVerifier: Data, expiresAt: Date) {
        self.account = account
        self.id = id
        self.stateHash = stateHash
        self.$workspace.id = workspaceID
        self.$user.id = userID
        self.platform = platform
        self.server = server
        self.name = name
        self.channelID = channelID
        self.sealedVerifier = sealedVerifier
        self.expiresAt = expiresAt
    }

    public static func verifierContext(id: UUID) -> String { "oauth-state:\(id.text.lowercased())" }
}
