import Foundation
import HeraldCore
import NIOCore
import NIOHTTP1

/// Connecting a Mastodon account by OAuth on any server: Herald registers itself as an app on
/// the server once (`POST /api/v1/apps`; the caller keeps the app per server), sends the person
/// to the server's `/oauth/authorize` with a PKCE challenge, and exchanges the code it gets back
/// (`POST /oauth/token` with the verifier) for the account's token. The server's own limits come
/// from `/api/v2/instance`.
extension MastodonPlatform {
    /// The scopes Herald asks for: reading (the inbox, metrics) and writing (posts, replies).
    public static let oauthScopes = "read write"

    /// Registers Herald as an app on the server (`POST /api/v1/apps`): its client id and secret.
    public func registerClient(server: String, redirectURI: String, website: String) async throws(PlatformError) -> OAuthClient {
        var body: [String: JSONValue] = ["client_name": "Herald", "redirect_uris": [.string(redirectURI)], "scopes": .string(Self.oauthScopes)]
        body["website"] = .string(website)
        let answer = try await post(server, "/api/v1/apps", body: .object(body))
        struct App: Decodable { var client_id: String?; var client_secret: String? }
        guard let app = try? JSONDecoder().decode(App.self, from: answer.data), let id = app.client_id, let secret = app.client_secret,
              !id.isEmpty, !secret.isEmpty else {
            throw .transient(message: "\(Self.host(server)) answered /api/v1/apps without a client id and secret")
        }
        return OAuthClient(clientID: id, clientSecret: secret)
    }

    /// Where to send the person's browser.
    public static func authorizeURL(server: String, app: OAuthClient, redirectURI: String, state: String, challenge: String) -> String {
        var parts = URLComponents(string: server.trimmingSuffix("/") + "/oauth/authorize") ?? URLComponents()
        parts.queryItems = [
            .init(name: "response_type", value: "code"), .init(name: "client_id", value: app.clientID),
            .init(name: "redirect_uri", value: redirectURI), .init(name: "scope", value: oauthScopes),
            .init(name: "state", value: state), .init(name: "code_challenge", value: challenge),
            .init(name: "code_challenge_method", value: "S256"),
        ]
        // "+" in a query value is a space to form decoders; encode it (and spaces) unambiguously.
        parts.percentEncodedQuery = parts.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return parts.string ?? server
    }

    /// The code from the redirect, exchanged for the account's token (with the PKCE verifier).
    public func exchangeCode(server: String, app: OAuthClient, code: String, redirectURI: String, verifier: String)
        async throws(PlatformError) -> ChannelCredential
    {
        let body: JSONValue = ["grant_type": "authorization_code", "code": .string(code), "client_id": .string(app.clientID),
                               "client_secret": .string(app.clientSecret), "redirect_uri": .string(redirectURI),
                               "code_verifier": .string(verifier), "scope": .string(Self.oauthScopes)]
        let answer = try await post(server, "/oauth/token", body: body, record: ["grant_type": "authorization_code"])
        struct Token: Decodable { var access_token: String?; var scope: String? }
        guard let token = try? JSONDecoder().decode(Token.self, from: answer.data), let access = token.access_token, !access.isEmpty else {
            throw .transient(message: "\(Self.host(server)) answered /oauth/token without a token")
        }
        return ChannelCredential(accessToken: access, instanceURL: server.trimmingSuffix("/"))
    }

    /// What the server says about itself (`/api/v2/instance` → `configuration`); nil fields where it is silent.
    public func instanceLimits(server: String) async throws(PlatformError) -> MastodonInstanceLimits {
        let answer = try await exchange(.GET, server.trimmingSuffix("/") + "/api/v2/instance", headers: [:],
                                        record: ["platform": "mastodon", "method": "GET", "path": "/api/v2/instance"])
        try MastodonResponses.check(answer)
        struct Instance: Decodable {
            struct Configuration: Decodable {
                struct Statuses: Decodable { var max_characters: Int?; var max_media_attachments: Int?; var characters_reserved_per_url: Int? }
                struct Media: Decodable { var image_size_limit: Int?; var video_size_limit: Int?; var description_limit: Int? }
                var statuses: Statuses?
                var media_attachments: Media?
            }
            var configuration: Configuration?
        }
        guard let instance = try? JSONDecoder().decode(Instance.self, from: answer.data) else {
            throw .transient(message: "\(Self.host(server)) answered /api/v2/instance with something else")
        }
        let statuses = instance.configuration?.statuses, media = instance.configuration?.media_attachments
        return MastodonInstanceLimits(maxCharacters: statuses?.max_characters, charactersReservedPerURL: statuses?.characters_reserved_per_url,
                                      maxMediaAttachments: statuses?.max_media_attachments, imageSizeLimit: media?.image_size_limit,
                                      videoSizeLimit: media?.video_size_limit, descriptionLimit: media?.description_limit)
    }

    /// A JSON POST to the server, recorded for the contract checker (the secrets left out of the record).
    private func post(_ server: String, _ path: String, body: JSONValue, record: JSONValue? = nil) async throws(PlatformError)
        -> PlatformHTTP.Answer
    {
        let bytes: Data
        do { bytes = try body.encoded() } catch { throw .rejected(message: "could not encode the request to \(path)") }
        var recorded = body
        if case .object(var object) = body, object["client_secret"] != nil {
            object["client_secret"] = "secret"
            object["code"] = "code"
            object["code_verifier"] = "verifier"
            recorded = .object(object)
        }
        let answer = try await exchange(.POST, server.trimmingSuffix("/") + path, headers: ["Content-Type": "application/json"],
                                        body: ByteBuffer(data: bytes),
                                        record: ["platform": "mastodon", "method": "POST", "path": .string(path), "json": recorded])
        try MastodonResponses.check(answer)
        return answer
    }

    static func host(_ server: String) -> String { URL(string: server)?.host ?? server }
}

/// Signing in on any Mastodon server: Herald registers itself there first (the application keeps
/// the client per server), the person approves on the server, and the token is checked with
/// `verify_credentials` before the channel is kept.
extension MastodonPlatform: SigningIn {
    public var canSignIn: Bool { true }
    public var registersClients: Bool { true }

    public func signInTarget(_ values: ConnectValues) async throws -> (server: String, account: String?) {
        guard let server = try await values.server("instance_url") else {
            throw ValidationError(code: "required", field: "instance_url", message: .init(.errorRequired))
        }
        return (server, nil)
    }

    public func authorizeURL(server: String, client: OAuthClient?, redirectURI: String, state: String, challenge: String) -> String? {
        client.map { Self.authorizeURL(server: server, app: $0, redirectURI: redirectURI, state: state, challenge: challenge) }
    }

    public func finishSignIn(_ back: SignInReturn) async throws(PlatformError) -> ChannelCredential {
        guard let client = back.client else { throw .unauthorized(message: "Mastodon: no app registered on \(Self.host(back.server))") }
        let credential = try await exchangeCode(server: back.server, app: client, code: back.code, redirectURI: back.redirectURI,
                                                verifier: back.verifier)
        _ = try await verify(credential)
        return credential
    }
}
