import Foundation
import HeraldCore
import NIOCore
import NIOHTTP1

/// The installation's app on VK ID (id.vk.com), for connecting a community through an
/// administrator's own sign-in instead of a community token: `HERALD_VK_CLIENT_ID` (the app's id)
/// and, for a VK ID-compatible test server, `HERALD_VK_ID_URL`.
public struct VKIDApp: Sendable, Equatable {
    public var clientID: String
    public var base: String

    public static let defaultBase = "https://id.vk.com"

    public init(clientID: String, base: String = VKIDApp.defaultBase) {
        self.clientID = clientID
        self.base = base.trimmingSuffix("/")
    }
}

/// VK ID: authorization code with PKCE for a user token (`/authorize` → the person approves →
/// back with `code`, `state` and `device_id`; `POST /oauth2/auth` exchanges them with the
/// verifier). The token lives an hour; its refresh token is used once and replaced, so the
/// leader renews it (`refresh`) well before it runs out and keeps the new pair. With a user token
/// Herald posts to the community's wall as the community (`from_group=1`), which VK allows its
/// editors and administrators — checked when connecting (`groups.getById` with `is_admin`).
extension VKPlatform {
    /// What Herald asks the person for: the wall, wall photos, and the communities they manage.
    public static let idScopes = "wall photos groups"

    /// Where to send the person's browser, or nil when the installation has no VK ID app.
    public func idAuthorizeURL(redirectURI: String, state: String, challenge: String) -> String? {
        guard let app = idApp, var parts = URLComponents(string: app.base + "/authorize") else { return nil }
        parts.queryItems = [
            .init(name: "response_type", value: "code"), .init(name: "client_id", value: app.clientID),
            .init(name: "redirect_uri", value: redirectURI), .init(name: "scope", value: Self.idScopes),
            .init(name: "state", value: state), .init(name: "code_challenge", value: challenge),
            .init(name: "code_challenge_method", value: "S256"),
        ]
        parts.percentEncodedQuery = parts.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return parts.string
    }

    /// The code VK ID sent back, exchanged for the person's token and its refresh token.
    public func exchangeIDCode(code: String, deviceID: String, state: String, redirectURI: String, verifier: String,
                               now: Date = Date()) async throws(PlatformError) -> ChannelCredential {
        let token = try await idToken(["grant_type": "authorization_code", "code": code, "code_verifier": verifier,
                                       "redirect_uri": redirectURI, "device_id": deviceID, "state": state], now: now)
        var credential = ChannelCredential(accessToken: token.access, refreshToken: token.refresh, expiresAt: token.expiresAt, deviceID: deviceID)
        credential.userID = token.userID
        return credential
    }

    /// A user token from VK ID with a fresh pair; nil for a community token (it does not expire).
    public func refresh(_ credential: ChannelCredential) async throws(PlatformError) -> ChannelCredential? {
        guard let refreshToken = credential.refreshToken, let deviceID = credential.deviceID else { return nil }
        let token = try await idToken(["grant_type": "refresh_token", "refresh_token": refreshToken, "device_id": deviceID,
                                       "state": RandomToken.make()], now: Date())
        var fresh = credential
        fresh.accessToken = token.access
        fresh.refreshToken = token.refresh ?? refreshToken
        fresh.expiresAt = token.expiresAt
        return fresh
    }

    /// Connects `community` with a user token: the person must be its editor or administrator.
    public func connect(user credential: ChannelCredential, community: String, server: String?) async throws(PlatformError)
        -> ChannelCredential
    {
        guard let reference = Self.communityReference(community) else {
            throw .rejected(message: "VK: “\(community)” is not a community address")
        }
        var connected = credential
        connected.instanceURL = server
        let group = try await Self.group(try api(connected), reference)
        connected.account = String(group.id)
        connected.handle = group.name
        try await editor(try api(connected), community: group.id, name: group.name, user: connected.userID)
        return connected
    }

    /// `groups.getMembers` with `filter=managers`: the person must be among them as an editor,
    /// administrator or creator to post as the community.
    func editor(_ api: VKAPI, community id: Int, name: String, user: String?) async throws(PlatformError) {
        let answer = try await api.call("groups.getMembers", ["group_id": .int(id), "filter": "managers"])
        let managers = answer["items"]?.arrayValue ?? []
        let me = managers.first { manager in manager["id"]?.intValue.map(String.init) == user }
        guard let role = me?["role"]?.stringValue, ["editor", "administrator", "creator"].contains(role) else {
            throw .unauthorized(message: "VK: the account that signed in is not an editor or administrator of \(name); sign in as one")
        }
    }

    private struct IDToken { var access: String; var refresh: String?; var expiresAt: Date?; var userID: String? }

    /// `POST <VK ID>/oauth2/auth` (form-encoded), recorded as `vk-id` (no published spec to check it against).
    private func idToken(_ fields: [String: String], now: Date) async throws(PlatformError) -> IDToken {
        guard let app = idApp else { throw .unauthorized(message: "VK ID: this installation has no VK ID app (HERALD_VK_CLIENT_ID)") }
        var form = URLComponents()
        form.queryItems = (fields.merging(["client_id": app.clientID]) { a, _ in a }).sorted { $0.key < $1.key }
            .map { URLQueryItem(name: $0.key, value: $0.value) }
        let body = (form.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        let answer: PlatformHTTP.Answer
        do {
            answer = try await http.send(.POST, app.base + "/oauth2/auth", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: body),
                                         record: ["platform": "vk-id", "method": "POST", "path": "/oauth2/auth",
                                                  "grant_type": .string(fields["grant_type"] ?? "")])
        } catch {
            throw PlatformHTTP.platformError(error, writes: false, place: "VK ID")
        }
        struct Answer: Decodable {
            var access_token: String?; var refresh_token: String?; var expires_in: Int?; var user_id: Int?
            var error: String?; var error_description: String?
        }
        guard let decoded = try? JSONDecoder().decode(Answer.self, from: answer.data) else {
            throw .transient(message: "VK ID answered \(answer.status.code) with something else")
        }
        if let error = decoded.error {
            let said = "VK ID: " + String((decoded.error_description ?? error).prefix(300))
            // A code or refresh token that is wrong, used or expired: the person signs in again.
            throw error == "invalid_grant" || error == "invalid_client" || error == "invalid_token" || error == "access_denied"
                ? .unauthorized(message: said) : .transient(message: said)
        }
        guard let access = decoded.access_token, !access.isEmpty else { throw .transient(message: "VK ID answered without a token") }
        return IDToken(access: access, refresh: decoded.refresh_token, expiresAt: decoded.expires_in.map { now.addingTimeInterval(TimeInterval($0)) },
                       userID: decoded.user_id.map(String.init))
    }
}

/// Signing in with VK ID, where the installation has a VK ID app: the community to post to is
/// chosen on the connect form, the person signs in with their own account, and Herald checks that
/// they manage the community (`connect(user:community:server:)`).
extension VKPlatform: SigningIn {
    public var canSignIn: Bool { idApp != nil }
    public func signInTarget(_ values: ConnectValues) async throws -> (server: String, account: String?) {
        let community = try Self.community(values)
        return (try await values.server("service_url") ?? "", community)
    }

    public func authorizeURL(server: String, client: OAuthClient?, redirectURI: String, state: String, challenge: String) -> String? {
        idAuthorizeURL(redirectURI: redirectURI, state: state, challenge: challenge)
    }

    public func finishSignIn(_ back: SignInReturn) async throws(PlatformError) -> ChannelCredential {
        guard let deviceID = back.deviceID, !deviceID.isEmpty, let community = back.account else {
            throw .rejected(message: "VK ID: the answer named no device, or no community was chosen")
        }
        let token = try await exchangeIDCode(code: back.code, deviceID: deviceID, state: back.state, redirectURI: back.redirectURI,
                                             verifier: back.verifier)
        return try await connect(user: token, community: community, server: back.server.isEmpty ? nil : back.server)
    }
}

