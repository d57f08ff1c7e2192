import Crypto
import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore
import SQLKit

/// Connecting a channel by signing in on the platform (OAuth with PKCE), for every connector that
/// is `SigningIn` — Mastodon on any server, a VK community through its administrator's VK ID
/// sign-in where the installation has a VK ID app: `start` registers Herald on the server once
/// where the platform wants that, keeps a single-use state bound to the person and the workspace
/// with its PKCE verifier sealed, and answers where to send the browser; `finish` takes what the
/// platform sent back, checks the state (same person, unused, ten minutes at most), lets the
/// connector exchange the code and check the account, and saves the channel. Nothing here is
/// particular to one platform.
package enum ChannelOAuth {
    package struct Started: Sendable {
        package var authorizeURL: String
        package var expiresAt: Date
    }

    /// How long a person has to approve on the platform.
    static let lifetime: TimeInterval = 600
    /// The platforms this installation can connect by signing in (VK only with a VK ID app).
    package static func platforms(_ connectors: Connectors) -> Set<Platform> {
        Set(Platform.allCases.filter { signingIn($0, connectors) != nil })
    }

    static func signingIn(_ platform: Platform, _ connectors: Connectors) -> (any SigningIn)? {
        (connectors.connector(for: platform) as? any SigningIn).flatMap { $0.canSignIn ? $0 : nil }
    }

    package static func callbackPath(_ platform: Platform) -> String { "/oauth/\(platform.rawValue)/callback" }

    /// Begins connecting a new channel (or reconnecting `channelID`) on `server`.
    package static func start(_ access: WorkspaceAccess, platform raw: String?, server rawServer: String?, name rawName: String?,
                              account rawAccount: String? = nil, channelID: UUID? = nil, baseURL: String, box: SecretBox,
                              connectors: Connectors, now: Date = Date(), on database: any Database) async throws -> Started {
        try access.require(.manageChannels)
        let platform = try Platform.parse(raw, field: "platform")
        guard let signingIn = signingIn(platform, connectors) else {
            throw ValidationError(code: "no_oauth", field: "platform", message: .init(.channelNoOAuth, platform.displayName))
        }
        let name: String
        var existing: SocialChannel?
        if let channelID {
            let channel = try await ChannelService.find(access, id: channelID, on: database)
            guard channel.platform == platform else { throw AppError.notFound }
            name = channel.name
            existing = channel
        } else {
            name = try Fields.name(rawName, field: "name")
            try await WorkspaceLimits.ensureRoomForChannel(in: access.workspaceID, on: database)
        }
        let redirectURI = baseURL + callbackPath(platform)
        let state = SecretToken.generate()
        let verifier = SecretToken.generate() + SecretToken.generate()  // 86 characters of [A-Za-z0-9_-]
        let challenge = Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncoded
        // Where to sign in and as what to post: from the connect form, or — reconnecting — the channel's own.
        let server: String, account: String?
        if let existing, let stored = try? existing.openCredential(with: box) {
            let credential = ChannelCredential.parse(stored)
            (server, account) = (credential.instanceURL ?? "", credential.account)
        } else {
            let values = ConnectValues(["instance_url": rawServer ?? "", "service_url": rawServer ?? "", "community": rawAccount ?? ""],
                                       outbound: connectors.outbound)
            (server, account) = try await signingIn.signInTarget(values)
        }
        let client = signingIn.registersClients
            ? try await registeredClient(platform, signingIn, server: server, redirectURI: redirectURI, website: baseURL, box: box,
                                         on: database)
            : nil
        guard let authorizeURL = signingIn.authorizeURL(server: server, client: client, redirectURI: redirectURI, state: state,
                                                        challenge: challenge) else {
            throw ValidationError(code: "no_oauth", field: "platform", message: .init(.channelNoOAuth, platform.displayName))
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

    /// Herald's client on this server, as kept (nil when none was registered there yet).
    private static func storedClient(_ platform: Platform, server: String, redirectURI: String, box: SecretBox,
                                     on database: any Database) async throws -> OAuthClient? {
        guard let row = try await OAuthApp.query(on: database).filter(\.$platform == platform.rawValue).filter(\.$server == server)
            .filter(\.$redirectURI == redirectURI).first(), let id = row.id else { return nil }
        let secret = try box.open(row.sealedSecret, context: OAuthApp.secretContext(id: id))
        return OAuthClient(clientID: row.clientID, clientSecret: String(decoding: secret, as: UTF8.self))
    }

    /// Herald's client on this server, registered the first time it is needed.
    private static func registeredClient(_ platform: Platform, _ signingIn: any SigningIn, server: String, redirectURI: String,
                                         website: String, box: SecretBox, on database: any Database) async throws -> OAuthClient {
        if let client = try await storedClient(platform, server: server, redirectURI: redirectURI, box: box, on: database) { return client }
        let app: OAuthClient
        do {
            app = try await signingIn.registerClient(server: server, redirectURI: redirectURI, website: website)
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
            if let kept = try await storedClient(platform, server: server, redirectURI: redirectURI, box: box, on: database) { return kept }
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
        guard let platform = Platform(rawValue: raw), let signingIn = signingIn(platform, connectors) else { throw AppError.notFound }
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
        if let deviceID, deviceID.isEmpty || deviceID.count > 500 { throw unknown }
        let verifier = String(decoding: try box.open(row.sealedVerifier, context: OAuthState.verifierContext(id: id)), as: UTF8.self)
        let redirectURI = baseURL + callbackPath(platform)
        var client: OAuthClient?
        if signingIn.registersClients {
            guard let kept = try await storedClient(platform, server: row.server, redirectURI: redirectURI, box: box, on: database) else {
                throw unknown
            }
            client = kept
        }
        let credential: ChannelCredential
        do {
            credential = try await signingIn.finishSignIn(SignInReturn(code: code, deviceID: deviceID, state: state, server: row.server,
                                                                       account: row.account, client: client, redirectURI: redirectURI,
                                                                       verifier: verifier))
        } catch {
            throw ChannelService.refusal(error, platform: platform, field: nil, refused: .channelOAuthRefused, unreachable: .channelUnreachable)
        }
        let limits = await ChannelService.instanceLimits(credential, platform: platform, connectors: connectors)
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
