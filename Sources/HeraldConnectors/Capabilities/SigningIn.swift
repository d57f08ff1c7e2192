import Foundation
import HeraldCore

/// A client Herald registered on a server to sign people in there (Mastodon registers one per server).
public struct OAuthClient: Sendable, Equatable {
    public var clientID: String
    public var clientSecret: String

    public init(clientID: String, clientSecret: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
    }
}

/// What the platform sent back with the person's browser, with what Herald kept since it left.
public struct SignInReturn: Sendable {
    public var code: String
    /// VK ID names the device the person signed in on; Mastodon sends none.
    public var deviceID: String?
    public var state: String
    /// The server the person signed in at ("" for the platform's own).
    public var server: String
    /// The account to post as, chosen before the browser left (VK: the community).
    public var account: String?
    public var client: OAuthClient?
    public var redirectURI: String
    public var verifier: String

    public init(code: String, deviceID: String?, state: String, server: String, account: String?, client: OAuthClient?,
                redirectURI: String, verifier: String) {
        self.code = code
        self.deviceID = deviceID
        self.state = state
        self.server = server
        self.account = account
        self.client = client
        self.redirectURI = redirectURI
        self.verifier = verifier
    }
}

/// Channels of this platform are connected by the person signing in on the platform (OAuth 2
/// with PKCE). The connector says where the browser goes and turns the code that comes back into
/// the channel's credential, checked (whose it is, that it may post); Herald keeps the single-use
/// state, the sealed verifier and any client it registered (`ChannelOAuth` in the application).
public protocol SigningIn: SocialPlatform {
    /// Whether this installation can offer it (VK: only with a VK ID app).
    var canSignIn: Bool { get }
    /// Whether Herald registers a client on each server first (Mastodon), rather than signing in
    /// with the installation's own app (VK ID).
    var registersClients: Bool { get }
    /// From the connect form: the server to sign in at ("" for the platform's own) and the account
    /// to post as; each problem names its field.
    func signInTarget(_ values: ConnectValues) async throws -> (server: String, account: String?)
    /// Herald's client on `server` (only when `registersClients`).
    func registerClient(server: String, redirectURI: String, website: String) async throws(PlatformError) -> OAuthClient
    /// Where to send the person's browser; nil when it cannot be built (no client, no app).
    func authorizeURL(server: String, client: OAuthClient?, redirectURI: String, state: String, challenge: String) -> String?
    /// The code exchanged (with the verifier) and the account checked: the channel's credential.
    func finishSignIn(_ back: SignInReturn) async throws(PlatformError) -> ChannelCredential
}

/// Most platforms sign in with the installation's own app (VK ID): nothing to register per server.
extension SigningIn {
    public var registersClients: Bool { false }

    public func registerClient(server: String, redirectURI: String, website: String) async throws(PlatformError) -> OAuthClient {
        throw .unauthorized(message: "\(platform.displayName) signs in with the installation's own app, not a client per server")
    }
}
