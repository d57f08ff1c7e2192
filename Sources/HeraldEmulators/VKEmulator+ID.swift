import Foundation
import Vapor

/// VK ID (id.vk.com) for one app: `GET /authorize` stands for the person's sign-in and approval —
/// it redirects at once to `redirect_uri` with `code`, `state`, `device_id` and `type=code_v2` (or
/// `error=access_denied` when `idApproves` is false) — and `POST /oauth2/auth` exchanges a code
/// once (client, redirect, device and the PKCE verifier checked) or a refresh token once (it is
/// replaced by a new one, as VK ID does). Tokens live `idTokenLifetime` seconds and then answer
/// VK's error 5 on every method.
extension VKEmulator {
    struct IDCode: Sendable {
        var redirectURI: String
        var challenge: String
        var deviceID: String
        var used = false
    }

    func idRoutes(_ app: Application) {
        app.get("authorize") { [weak self] req async throws -> Response in
            guard let self else { throw Abort(.serviceUnavailable) }
            let query = { (key: String) in req.query[String.self, at: key] }
            guard query("client_id") == self.idClientID else {
                return Self.json(#"{"error":"invalid_client","error_description":"client_id is invalid"}"#)
            }
            guard let redirect = query("redirect_uri"), URL(string: redirect)?.scheme != nil else {
                return Self.json(#"{"error":"invalid_request","error_description":"redirect_uri is invalid"}"#)
            }
            var back = URLComponents(string: redirect) ?? URLComponents()
            var items = back.queryItems ?? []
            if query("response_type") != "code" || query("code_challenge_method") != "S256" || (query("code_challenge") ?? "").isEmpty {
                items.append(.init(name: "error", value: "invalid_request"))
            } else if !self.lock.withLock({ self.approves }) {
                items += [.init(name: "error", value: "access_denied"), .init(name: "error_description", value: "User denied access")]
            } else {
                let code = "vk2." + UUID().uuidString.lowercased(), device = "device-" + UUID().uuidString.lowercased()
                self.lock.withLock {
                    self.idCodes[code] = IDCode(redirectURI: redirect, challenge: query("code_challenge") ?? "", deviceID: device)
                }
                items += [.init(name: "code", value: code), .init(name: "device_id", value: device), .init(name: "type", value: "code_v2")]
            }
            if let state = query("state") { items.append(.init(name: "state", value: state)) }
            back.queryItems = items
            return Response(status: .found, headers: ["Location": back.string ?? redirect])
        }
        app.on(.POST, "oauth2", "auth", body: .collect(maxSize: "64kb")) { [weak self] req async throws -> Response in
            guard let self else { throw Abort(.serviceUnavailable) }
            let form = (try? req.content.decode([String: String].self)) ?? [:]
            func invalidGrant(_ why: String) -> Response { Self.json(#"{"error":"invalid_grant","error_description":"\#(why)"}"#) }
            guard form["client_id"] == self.idClientID else { return Self.json(#"{"error":"invalid_client","error_description":"client_id is invalid"}"#) }
            guard let device = form["device_id"], !device.isEmpty, form["state"] != nil else {
                return Self.json(#"{"error":"invalid_request","error_description":"device_id and state are required"}"#)
            }
            let issued: (String, String)? = self.lock.withLock {
                switch form["grant_type"] {
                case "authorization_code":
                    guard let code = form["code"], var grant = self.idCodes[code], !grant.used, grant.redirectURI == form["redirect_uri"],
                          grant.deviceID == device, let verifier = form["code_verifier"],
                          Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "") == grant.challenge else { return nil }
                    grant.used = true
                    self.idCodes[code] = grant
                case "refresh_token":
                    guard let refresh = form["refresh_token"], self.refreshTokens[refresh] == device else { return nil }
                    self.refreshTokens[refresh] = nil  // used once
                    self.refreshes += 1
                default:
                    return nil
                }
                let access = "vk1.a.user-" + UUID().uuidString.lowercased(), refresh = "vk2.r." + UUID().uuidString.lowercased()
                self.userTokens[access] = Date().addingTimeInterval(self.idTokenLifetime)
                self.refreshTokens[refresh] = device
                return (access, refresh)
            }
            guard let (access, refresh) = issued else { return invalidGrant("Authorization code or refresh token is invalid or expired") }
            return Self.json(#"{"access_token":"\#(access)","refresh_token":"\#(refresh)","id_token":"x","token_type":"Bearer","expires_in":\#(Int(self.idTokenLifetime)),"user_id":1234567,"state":"\#(form["state"] ?? "")","scope":"wall photos groups"}"#)
        }
    }

    /// Makes every token issued so far run out now (as an hour passing would).
    public func expireUserTokens() { lock.withLock { for key in userTokens.keys { userTokens[key] = .distantPast } } }
}
