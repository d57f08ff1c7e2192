import Crypto
import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore
import SQLKit

/// Connecting a channel by OAuth with PKCE — Mastodon on any server, and a VK community through
/// its administrator's VK ID sign-in where the installation has a VK ID app: `start` (for Mastodon)
/// registers Herald on the server once, keeps a single-use state bound to the person and the
/// workspace with its PKCE verifier sealed, and answers where to send the browser; `finish` takes
/// what the platform sent back, checks the state (same person, unused, ten minutes at most),
/// exchanges the code with the verifier, asks whose token it is (Mastodon: and the server's
/// limits; VK: whether they manage the community), and saves the channel.
package enum ChannelOAuth {
    package struct Started: Sendable {
        package var authorizeURL: String
        package var expiresAt: Date
    }

    /// How long a person has to approve on the platform.
    static let lifetime: TimeInterval = 600
    /// The platforms this installation can connect by signing in (VK only with a VK ID app).
    package static func platforms(_ connectors: Connectors) -> Set<Platform> {
        connectors.vk.idApp == nil ? [.mastodon] : [.mastodon, .vk]
    }

    package static func callbackPath(_ platform: Platform) -> String { "/oauth/\(platform.rawValue)/callback" }

    /// Begins connecting a new channel (or reconnecting `channelID`) on `server`.
    package static func start(_ access: WorkspaceAccess, platform raw: String?, server rawServer: String?, name rawName: String?,
                              account rawAccount: String? = nil, channelID: UUID? = nil, baseURL: String, box: SecretBox,
                              connectors: Connectors, now: Date = Date(), on database: any Database) async throws -> Started {
        try access.require(.manageChannels)
        let platform = try Platform.parse(raw, field: "platform")
        guard platforms(connectors).contains(platform) else {
            throw ValidationError(code: "no_oauth", field: "platform", message: .init(.channelNoOAuth, platform.displayName))
        }
        let name: String
        var account = rawAccount
        var existing: SocialChannel?
        if let channelID {
            let channel = try await ChannelService.find(access, id: channelID, on: database)
            guard channel.platform == platform else { throw AppError.notFound }
            name = channel.name
            existing = channel
        } else {
            name = try Fields.name(rawName, field: "name")
            try await WorkspaceLimits.ensureRoom(for: .channels, SocialChannel.self, in: access.workspaceID, on: database)
        }
        let redirectURI = baseURL + callbackPath(platform)
        let state = SecretToken.generate()
        let verifier = SecretToken.generate() + SecretToken.generate()  // 86 characters of [A-Za-z0-9_-]
        let challenge = Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncoded
        let server: String, authorizeURL: String
        switch platform {
        case .vk:
            // The community to post to is chosen here; reconnecting keeps the channel's own.
            if let existing, let stored = try? existing.openCredential(with: box) {
                let credential = ChannelCredential.parse(stored)
                account = credential.account
                server = credential.instanceURL ?? ""
            } else {
                let values = ConnectValues(["community": rawAccount ?? "", "service_url": rawServer ?? ""], outbound: connectors.outbound)
                account = try VKPlatform.community(values)
                server = try await values.server("service_url") ?? ""
            }
            guard let url = connectors.vk.idAuthorizeURL(redirectURI: redirectURI, state: state, challenge: challenge) else {
                throw ValidationError(code: "no_oauth", field: "platform", message: .init(.channelNoOAuth, platform.displayName))
            }
            authorizeURL = url
        default:
            guard let given = try await ChannelService.server(rawServer, field: "instance_url", connectors: connectors) else {
                throw ValidationError(code: "required", field: "instance_url", message: .init(.errorRequired))
            }
            server = given
            let app = try await registeredApp(platform, server: server, redirectURI: redirectURI, website: baseURL, box: box,
                                              connectors: connectors, on: database)
            authorizeURL = MastodonPlatform.authorizeURL(server: server, app: app, redirectURI: redirectURI, state: state, challenge: challenge)
        }
        let id = UUID()
        let expiresAt = now.addingTimeInterval(lifetime)
        try await OAuthState.query(on: database).filter(\.$expiresAt < now.addingTimeInterval(-86_400)).delete()
        try await OAuthState(id: id, stateHash: SecretToken.hash(state), workspaceID: access.workspaceID, userID: access.userID,
                             platform: platform.rawValue, server: server, name: name, account: account, channelID: channelID,
                             sealedVerifier: try box.seal(Data(verifier.utf8), context: OAuthState.verifierContext(id: id)),
                             expiresAt: expiresAt).create(on: database)
        return Started(authorizeURL: authorizeURL, expiresAt: expiresAt)
    }

    /// Herald's app on this server, registered the first time it is needed.
    private static func registeredApp(_ platform: Platform, server: String, redirectURI: String, website: String, box: SecretBox,
                                      connectors: Connectors, on database: any Database) async throws -> MastodonPlatform.OAuthApp {
        func stored() async throws -> MastodonPlatform.OAuthApp? {
            guard let row = try await OAuthApp.query(on: database).filter(\.$platform == platform.rawValue).filter(\.$server == server)
                .filter(\.$redirectURI == redirectURI).first(), let id = row.id else { return nil }
            let secret = try box.open(row.sealedSecret, context: OAuthApp.secretContext(id: id))
            return MastodonPlatform.OAuthApp(clientID: row.clientID, clientSecret: String(decoding: secret, as: UTF8.self))
        }
        if let app = try await stored() { return app }
        let app: MastodonPlatform.OAuthApp
        do {
            app = try await connectors.mastodon.registerApp(server: server, redirectURI: redirectURI, website: website)
        } catch {
            throw ChannelService.refusal(error, platform: platform, field: "instance_url", refused: .channelOAuthAppRefused,
                                         unreachable: .channelUnreachable)
        }
        let id = UUID()
        let row = OAuthApp(id: id, platform: platform.rawValue, server: server, redirectURI: redirectURI, clientID: app.clientID,
                           sealedSecret: try box.seal(Data(app.clientSecret.utf8), context: OAuthApp.secretContext(id: id)))
        do {
            try await row.create(on: database)
        } catch {
            // Registered at the same moment by another request: use the one that was kept.
            if let kept = try await stored() { return kept }
            throw error
        }
        return app
    }

    /// What the platform sent back with the browser: the code and state, or an error (the person
    /// said no). Answers the channel connected, and for one reconnected how many failed posts were retried.
    package static func finish(userID: UUID, user: User, platform raw: String, state: String?, code: String?, deviceID: String? = nil,
                               error: String?, errorDescription: String?, baseURL: String, box: SecretBox, connectors: Connectors,
                               now: Date = Date(), on database: any Database)
        async throws -> (access: WorkspaceAccess, channel: SocialChannel, retried: Int?)
    {
        guard let platform = Platform(rawValue: raw), platforms(connectors).contains(platform) else { throw AppError.notFound }
        let unknown = ValidationError(code: "oauth_state_unknown", field: nil, message: .init(.channelOAuthStateUnknown))
        guard let state, !state.isEmpty, state.count <= 200,
              let row = try await OAuthState.query(on: database).filter(\.$stateHash == SecretToken.hash(state)).first(),
              let id = row.id, row.platform == platform.rawValue, row.$user.id == userID else { throw unknown }
        guard row.expiresAt > now else {
            throw ValidationError(code: "oauth_expired", field: nil, message: .init(.channelOAuthExpired, platform.displayName))
        }
        // Used once: the first request to mark it wins, a replay is refused.
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let claimed = try await sql.raw("""
            UPDATE oauth_states SET used_at = \(bind: now) WHERE id = \(bind: id) AND used_at IS NULL RETURNING id
            """).first()
        guard claimed != nil else {
            throw ValidationError(code: "oauth_state_used", field: nil, message: .init(.channelOAuthStateUsed))
        }
        let access = try await WorkspaceAccess.resolve(userID: userID, user: user, workspaceID: row.$workspace.id, on: database)
        try access.require(.manageChannels)
        if let error {
            let said = (errorDescription ?? error).prefix(300)
            throw ValidationError(code: "oauth_denied", field: nil, message: .init(.channelOAuthDenied, platform.displayName, " “\(said)”"))
        }
        guard let code, !code.isEmpty, code.count <= 2000 else { throw unknown }
        let verifier = String(decoding: try box.open(row.sealedVerifier, context: OAuthState.verifierContext(id: id)), as: UTF8.self)
        let credential: ChannelCredential
        var limits: MastodonInstanceLimits?
        do {
            switch platform {
            case .vk:
                guard let deviceID, !deviceID.isEmpty, deviceID.count <= 500, let community = row.account else { throw unknown }
                let token = try await connectors.vk.exchangeIDCode(code: code, deviceID: deviceID, state: state,
                                                                   redirectURI: baseURL + callbackPath(platform), verifier: verifier)
                credential = try await connectors.vk.connect(user: token, community: community, server: row.server.isEmpty ? nil : row.server)
            default:
                guard let appRow = try await OAuthApp.query(on: database).filter(\.$platform == platform.rawValue).filter(\.$server == row.server)
                    .filter(\.$redirectURI == baseURL + callbackPath(platform)).first(), let appID = appRow.id else { throw unknown }
                let app = MastodonPlatform.OAuthApp(
                    clientID: appRow.clientID,
                    clientSecret: String(decoding: try box.open(appRow.sealedSecret, context: OAuthApp.secretContext(id: appID)), as: UTF8.self))
                credential = try await connectors.mastodon.exchangeCode(server: row.server, app: app, code: code,
                                                                        redirectURI: appRow.redirectURI, verifier: verifier)
                _ = try await connectors.mastodon.verify(credential)
                limits = await ChannelService.instanceLimits(credential, connectors: connectors)
            }
        } catch let error as PlatformError {
            throw ChannelService.refusal(error, platform: platform, field: nil, refused: .channelOAuthRefused, unreachable: .channelUnreachable)
        }
        if let channelID = row.channelID {
            let channel = try await ChannelService.find(access, id: channelID, on: database)
            let (saved, retried) = try await ChannelService.replaceCredential(access, channel: channel, credential: credential, limits: limits,
                                                                            box: box, on: database)
            return (access, saved, retried)
        }
        let channel = try await ChannelService.store(access, platform: platform, name: row.name, credential: credential, limits: limits,
                                                     box: box, on: database)
        return (access, channel, nil)
    }
}
