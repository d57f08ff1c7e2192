import Foundation
import Vapor

/// Mastodon's OAuth as a server does it: `POST /api/v1/apps` registers a client (JSON or form),
/// `GET /oauth/authorize` stands for the person's approval page — it redirects at once to the
/// registered `redirect_uri` with a code (or `error=access_denied` when `approves` is false) —
/// and `POST /oauth/token` exchanges the code once, checking the client, the redirect and the
/// PKCE verifier (S256). Issued tokens work on every endpoint, like the emulator's own.
extension MastodonEmulator {
    struct OAuthAppRecord: Sendable {
        var secret: String
        var redirectURIs: [String]
        var scopes: Set<String>
    }

    struct OAuthCode: Sendable {
        var clientID: String
        var redirectURI: String
        var challenge: String?
        var used = false
    }

    /// Apps registered so far (client ids), for tests.
    public var registeredApps: [String] { lock.withLock { Array(oauthApps.keys) } }

    func oauthRoutes(_ app: Application) {
        app.on(.POST, "api", "v1", "apps", body: .collect(maxSize: "64kb")) { [weak self] req async throws -> Response in
            guard let self else { throw Abort(.serviceUnavailable) }
            struct Body: Content { var client_name: String?; var redirect_uris: RedirectURIs?; var scopes: String?; var website: String? }
            guard let body = try? req.content.decode(Body.self), let name = body.client_name, !name.isEmpty,
                  let redirects = body.redirect_uris?.values, !redirects.isEmpty else {
                return Self.json(.unprocessableEntity, #"{"error":"Validation failed: Name can't be blank, Redirect URI can't be blank"}"#)
            }
            guard redirects.allSatisfy({ URL(string: $0)?.scheme != nil }) else {
                return Self.json(.unprocessableEntity, #"{"error":"Validation failed: Redirect URI must be an absolute URI."}"#)
            }
            let id = UUID().uuidString.lowercased(), secret = UUID().uuidString.lowercased()
            let scopes = Set((body.scopes ?? "read").split(separator: " ").map(String.init))
            self.lock.withLock { self.oauthApps[id] = OAuthAppRecord(secret: secret, redirectURIs: redirects, scopes: scopes) }
            let redirect = redirects.joined(separator: "\n")
            return Self.json(.ok, #"{"id":"1","name":"\#(name)","website":null,"redirect_uri":"\#(redirect)","client_id":"\#(id)","client_secret":"\#(secret)","vapid_key":"x"}"#)
        }
        app.get("oauth", "authorize") { [weak self] req async throws -> Response in
            guard let self else { throw Abort(.serviceUnavailable) }
            let query = { (key: String) in req.query[String.self, at: key] }
            guard let clientID = query("client_id"), let registered = self.lock.withLock({ self.oauthApps[clientID] }) else {
                return Self.json(.unauthorized, #"{"error":"invalid_client","error_description":"Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method."}"#)
            }
            guard let redirect = query("redirect_uri"), registered.redirectURIs.contains(redirect) else {
                return Self.json(.badRequest, #"{"error":"invalid_redirect_uri","error_description":"The redirect uri included is not valid."}"#)
            }
            guard query("response_type") == "code" else {
                return Self.json(.badRequest, #"{"error":"unsupported_response_type"}"#)
            }
            let asked = Set((query("scope") ?? "read").split(separator: " ").map(String.init))
            var back = URLComponents(string: redirect) ?? URLComponents()
            var items = back.queryItems ?? []
            if !asked.isSubset(of: registered.scopes) {
                items.append(.init(name: "error", value: "invalid_scope"))
            } else if let method = query("code_challenge_method"), method != "S256" {
                items.append(.init(name: "error", value: "invalid_request"))
            } else if !self.approves {
                items += [.init(name: "error", value: "access_denied"),
                          .init(name: "error_description", value: "The resource owner or authorization server denied the request.")]
            } else {
                let code = UUID().uuidString.lowercased()
                self.lock.withLock {
                    self.oauthCodes[code] = OAuthCode(clientID: clientID, redirectURI: redirect, challenge: query("code_challenge"))
                }
                items.append(.init(name: "code", value: code))
            }
            if let state = query("state") { items.append(.init(name: "state", value: state)) }
            back.queryItems = items
            return Response(status: .found, headers: ["Location": back.string ?? redirect])
        }
        app.on(.POST, "oauth", "token", body: .collect(maxSize: "64kb")) { [weak self] req async throws -> Response in
            guard let self else { throw Abort(.serviceUnavailable) }
            struct Body: Content {
                var grant_type: String?; var code: String?; var client_id: String?; var client_secret: String?
                var redirect_uri: String?; var code_verifier: String?
            }
            let body = (try? req.content.decode(Body.self)) ?? Body()
            func invalidGrant() -> Response {
                Self.json(.badRequest, #"{"error":"invalid_grant","error_description":"The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."}"#)
            }
            guard let clientID = body.client_id, let registered = self.lock.withLock({ self.oauthApps[clientID] }),
                  registered.secret == body.client_secret else {
                return Self.json(.unauthorized, #"{"error":"invalid_client","error_description":"Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method."}"#)
            }
            guard body.grant_type == "authorization_code", let code = body.code else { return invalidGrant() }
            let token: String? = self.lock.withLock {
                guard var grant = self.oauthCodes[code], !grant.used, grant.clientID == clientID, grant.redirectURI == body.redirect_uri else {
                    return nil
                }
                if let challenge = grant.challenge {
                    guard let verifier = body.code_verifier,
                          Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "") == challenge else { return nil }
                }
                grant.used = true
                self.oauthCodes[code] = grant
                let token = "issued-" + UUID().uuidString.lowercased()
                self.issuedTokens.insert(token)
                return token
            }
            guard let token else { return invalidGrant() }
            return Self.json(.ok, #"{"access_token":"\#(token)","token_type":"Bearer","scope":"read write","created_at":\#(Int(Date().timeIntervalSince1970))}"#)
        }
    }
}

/// `redirect_uris` as Mastodon takes it: one string (several separated by new lines) or an array.
struct RedirectURIs: Codable, Sendable {
    var values: [String]

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let list = try? container.decode([String].self) {
            values = list
        } else {
            values = try container.decode(String.self).split(whereSeparator: \.isNewline).map(String.init)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }
}
