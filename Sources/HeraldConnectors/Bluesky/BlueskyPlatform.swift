import AsyncHTTPClient
import Foundation
import HeraldCore
import NIOCore

/// Publishes posts to a Bluesky account on any PDS (bsky.social or self-hosted).
///
/// Exactly once rests on the record key, not on the server: every attempt at a publication
/// writes `app.bsky.feed.post/<rkey>` with the key derived from its idempotency key
/// (`BlueskyRecordKey`), so after an unknown outcome `findPublished` reads that one record.
/// Sessions are opened with the handle and an app password; an expired access token is renewed
/// with the refresh token and, when that fails too, by signing in again with the app password.
public struct BlueskyPlatform: SocialPlatform {
    public let platform: Platform = .bluesky
    public let connectFlow: ConnectFlow = .form
    public let canFindPublished = true
    public let docsPage = "docs/platforms/bluesky.md"
    let http: PlatformHTTP
    let sessions = BlueskySessions()
    /// Shared by every connector instance of the process: writes to one account never overlap.
    static let lanes = BlueskyWriteLanes()
    var lanes: BlueskyWriteLanes { Self.lanes }
    /// Where handles and DIDs are resolved when a channel names no PDS.
    public var directory: BlueskyDirectory
    public var clock: @Sendable () -> Date = { Date() }

    public init(client: HTTPClient, timeout: TimeAmount = .seconds(20), recorder: (@Sendable (JSONValue) -> Void)? = nil,
                outbound: OutboundGuard? = nil, directory: BlueskyDirectory = .public) {
        http = PlatformHTTP(client: client, timeout: timeout, recorder: recorder, outbound: outbound)
        self.directory = directory
    }

    // MARK: - Connecting

    /// Signs in with a handle (or DID) and an app password on `service`, or on the PDS the
    /// account's DID document names when `service` is nil; answers the credential to seal.
    public func connect(identifier: String, appPassword: String, service: String?) async throws(PlatformError) -> ChannelCredential {
        let pds: String
        if let service { pds = service } else { pds = try await directory.service(of: identifier, http: http) }
        let xrpc = BlueskyXRPC(http: http, service: pds.trimmingSuffix("/"))
        let session = try await signIn(identifier: identifier, password: appPassword, xrpc: xrpc)
        sessions.keep(session, for: session.did)
        return ChannelCredential(accessToken: session.accessJwt, instanceURL: xrpc.service, refreshToken: session.refreshJwt,
                                 account: session.did, handle: session.handle, appPassword: appPassword)
    }

    /// Signs in again with the app password (proof it still works) or, without one, asks whose the session is.
    /// A handle that does not resolve (with no PDS given) is about the handle; any other refusal
    /// about the app password; no answer, about the PDS.
    public static func connectField(for error: PlatformError, server: String?) -> ConnectField {
        guard error.isRefusal else { return .server }
        return server == nil && error.message?.contains("resolve") == true ? .account : .credential
    }

    public func verify(_ credential: ChannelCredential) async throws(PlatformError) -> String {
        let xrpc = try self.xrpc(credential)
        if let password = credential.appPassword, let identifier = credential.account ?? credential.handle {
            let session = try await signIn(identifier: identifier, password: password, xrpc: xrpc)
            sessions.keep(session, for: session.did)
            return "@" + session.handle
        }
        let me = try await xrpc.query("com.atproto.server.getSession", token: credential.accessToken)
        return "@" + (me["handle"]?.stringValue ?? credential.handle ?? "?")
    }

    func signIn(identifier: String, password: String, xrpc: BlueskyXRPC) async throws(PlatformError) -> BlueskySession {
        do {
            let answer = try await xrpc.procedure("com.atproto.server.createSession",
                                                  input: ["identifier": .string(identifier), "password": .string(password)], token: nil)
            return try BlueskySession(answer, service: xrpc.service)
        } catch {
            // A wrong password is a 401 on bsky.social and a 400 AuthenticationRequired elsewhere: both mean "not this password".
            if case .rejected(let message) = error { throw .unauthorized(message: message) }
            throw error
        }
    }

    func xrpc(_ credential: ChannelCredential) throws(PlatformError) -> BlueskyXRPC {
        guard let service = credential.instanceURL, !service.isEmpty else {
            throw .unauthorized(message: "the channel has no Bluesky server (PDS); reconnect it")
        }
        return BlueskyXRPC(http: http, service: service.trimmingSuffix("/"))
    }

    /// Runs `body` with a session of the channel's account. An access token the PDS refuses is
    /// renewed once — refresh token first, then the app password — and `body` runs again (what it
    /// sent was refused, so nothing was written).
    func withSession<T>(_ credential: ChannelCredential, _ body: (BlueskyXRPC, BlueskySession) async throws(PlatformError) -> T)
        async throws(PlatformError) -> T
    {
        let xrpc = try xrpc(credential)
        var session: BlueskySession
        if let account = credential.account, let held = sessions.current(for: account) {
            session = held
        } else if let account = credential.account, let refresh = credential.refreshToken, !credential.accessToken.isEmpty {
            session = BlueskySession(accessJwt: credential.accessToken, refreshJwt: refresh, did: account,
                                     handle: credential.handle ?? account)
        } else {
            session = try await renew(nil, credential, xrpc: xrpc)
        }
        do {
            return try await body(xrpc, session)
        } catch {
            guard case .unauthorized = error else { throw error }
            session = try await renew(session, credential, xrpc: xrpc)
            return try await body(xrpc, session)
        }
    }

    func renew(_ session: BlueskySession?, _ credential: ChannelCredential, xrpc: BlueskyXRPC) async throws(PlatformError) -> BlueskySession {
        if let session {
            if let answer = try? await xrpc.procedure("com.atproto.server.refreshSession", input: [:], token: session.refreshJwt),
               let fresh = try? BlueskySession(answer, service: xrpc.service), fresh.did == session.did {
                sessions.keep(fresh, for: fresh.did)
                return fresh
            }
        }
        guard let password = credential.appPassword, let identifier = credential.account ?? credential.handle else {
            throw .unauthorized(message: "the Bluesky session ended and there is no app password to open a new one; reconnect the channel")
        }
        let fresh = try await signIn(identifier: identifier, password: password, xrpc: xrpc)
        // The channel's own account, or no session at all: another account's must never be kept as this one's.
        if let account = credential.account, account.hasPrefix("did:"), fresh.did != account {
            throw .transient(message: "\(xrpc.service) signed in \(fresh.did) for \(account)")
        }
        sessions.keep(fresh, for: fresh.did)
        return fresh
    }

    // MARK: - Publishing

    public func publish(_ request: PublishRequest, credential: String) async throws(PlatformError) -> PublishedPost {
        let stored = ChannelCredential.parse(credential)
        return try await withSession(stored) { xrpc, session throws(PlatformError) in
            let rkey = BlueskyRecordKey.derived(from: request.idempotencyKey)
            let embed = try await embed(for: request, xrpc: xrpc, session: session)
            let handles = await resolveMentions(in: request.text, xrpc: xrpc, session: session)
            let record = BlueskyRequests.post(text: request.text, languages: Self.languages(request.options), createdAt: clock(),
                                              embed: embed, resolveHandle: { handles[$0] })
            return try await create(record, rkey: rkey, xrpc: xrpc, session: session)
        }
    }

    /// `createRecord` with our key, one write at a time per account, then read back: a PDS that
    /// answered "stored" but has no such record (a lost commit) gets the same record again, once.
    /// A refusal is checked against the repository first: a key already taken by this very post
    /// (an earlier attempt whose answer was an error) is success.
    func create(_ record: JSONValue, rkey: String, xrpc: BlueskyXRPC, session: BlueskySession) async throws(PlatformError) -> PublishedPost {
        let input = BlueskyRequests.createRecord(repo: session.did, recordKey: rkey, record: record)
        return try await lanes.run(session.did) { () async throws(PlatformError) -> PublishedPost in
            for _ in 0..<2 {
                let answer: JSONValue
                do throws(PlatformError) {
                    answer = try await xrpc.procedure("com.atproto.repo.createRecord", input: input, token: session.accessJwt, effect: .writes)
                } catch {
                    if case .rejected = error, let existing = try? await read(rkey, xrpc: xrpc, session: session) { return existing }
                    throw error
                }
                guard let uri = answer["uri"]?.stringValue, let address = ATURI(uri), address.rkey == rkey else {
                    throw .outcomeUnknown(message: "\(xrpc.service) answered createRecord without the record's address")
                }
                let posted = PublishedPost(remoteID: uri, url: Self.webURL(handle: session.handle, rkey: rkey), publishedAt: clock())
                // A read that fails leaves the PDS's word standing; only "no such record" sends again.
                do throws(PlatformError) {
                    if try await read(rkey, xrpc: xrpc, session: session) != nil { return posted }
                } catch {
                    return posted
                }
            }
            throw .transient(message: "\(xrpc.service) answered that the post was stored, twice, but does not have it")
        }
    }

    /// Reads the record this request's key names: the post, or nil when the repository has no such record.
    public func findPublished(_ request: PublishRequest, credential: String) async throws(PlatformError) -> PublishedPost? {
        let stored = ChannelCredential.parse(credential)
        return try await withSession(stored) { xrpc, session throws(PlatformError) in
            try await read(BlueskyRecordKey.derived(from: request.idempotencyKey), xrpc: xrpc, session: session)
        }
    }

    func read(_ rkey: String, xrpc: BlueskyXRPC, session: BlueskySession) async throws(PlatformError) -> PublishedPost? {
        guard let record = try await record(ATURI(repo: session.did, collection: "app.bsky.feed.post", rkey: rkey), xrpc: xrpc,
                                            session: session) else { return nil }
        let created = PlatformHTTP.date(record.value["createdAt"]?.stringValue.flatMap(BlueskyRequests.date(from:)), now: clock())
        return PublishedPost(remoteID: record.uri, url: Self.webURL(handle: session.handle, rkey: rkey), publishedAt: created,
                             match: "found record \(rkey) (the key Herald derives from this publication)")
    }

    /// A record of a repository on this PDS, or nil when there is none.
    func record(_ address: ATURI, xrpc: BlueskyXRPC, session: BlueskySession) async throws(PlatformError)
        -> (uri: String, cid: String, value: JSONValue)?
    {
        do throws(PlatformError) {
            let answer = try await xrpc.query("com.atproto.repo.getRecord",
                                              [("repo", address.repo), ("collection", address.collection), ("rkey", address.rkey)],
                                              token: session.accessJwt)
            // The record asked for, at its own address: anything else is an odd answer, never a post.
            guard let uri = answer["uri"]?.stringValue, let found = ATURI(uri), found.collection == address.collection, found.rkey == address.rkey,
                  let cid = answer["cid"]?.stringValue, let value = answer["value"] else {
                throw PlatformError.transient(message: "\(xrpc.service) answered getRecord without the record")
            }
            return (uri, cid, value)
        } catch {
            if case .rejected(let message) = error, message.contains("RecordNotFound") { return nil }
            throw error
        }
    }

    // MARK: - Embeds

    /// Images (with alt text), a quoted post, or a link card — in that order of precedence, as a
    /// post has one embed (a quote may carry images: `recordWithMedia`).
    func embed(for request: PublishRequest, xrpc: BlueskyXRPC, session: BlueskySession) async throws(PlatformError) -> JSONValue? {
        var images: [(blob: JSONValue, alt: String, width: Int?, height: Int?)] = []
        for (index, attachment) in request.attachments.enumerated() {
            guard attachment.mimeType.hasPrefix("image/") else {
                throw .rejected(message: "Herald does not send video to Bluesky yet: “\(attachment.fileName)”")
            }
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: attachment.path)) } catch {
                throw .rejected(message: "the file “\(attachment.fileName)” is missing from the media library")
            }
            let blob = try await xrpc.uploadBlob(data, mimeType: attachment.mimeType, token: session.accessJwt)
            let item = index < request.media.count ? request.media[index] : nil
            images.append((blob, attachment.altText ?? "", item?.width, item?.height))
        }
        let media = images.isEmpty ? nil : BlueskyRequests.images(images)
        if let quoted = request.options["quote"], !quoted.isEmpty {
            guard let address = ATURI(quoted) else {
                throw .rejected(message: "“\(quoted)” is not the address of a Bluesky post (at://… or https://bsky.app/profile/…/post/…)")
            }
            guard let target = try await record(address, xrpc: xrpc, session: session) else {
                throw .rejected(message: "the quoted post \(quoted) is not there")
            }
            return BlueskyRequests.quote(BlueskyRequests.strongRef(uri: target.uri, cid: target.cid), media: media)
        }
        if let media { return media }
        if let link = request.link, !link.isEmpty {
            let card = await BlueskyLinkCard.fetch(link, http: http)
            var thumb: JSONValue?
            if let address = card.image, let (bytes, type) = await BlueskyLinkCard.image(address, http: http) {
                thumb = try? await xrpc.uploadBlob(bytes, mimeType: type, token: session.accessJwt)
            }
            return BlueskyRequests.external(uri: link, title: card.title, description: card.description, thumb: thumb)
        }
        return nil
    }

    /// DIDs of the handles mentioned in `text` that resolve (the account's own without asking);
    /// a handle that does not resolve stays plain text.
    func resolveMentions(in text: String, xrpc: BlueskyXRPC, session: BlueskySession) async -> [String: String] {
        var wanted: [String] = []
        _ = BlueskyRichText.facets(for: text) { handle in
            wanted.append(handle)
            return nil
        }
        var resolved: [String: String] = [:]
        for handle in Set(wanted) {
            if handle == session.handle.lowercased() { resolved[handle] = session.did; continue }
            if let answer = try? await xrpc.query("com.atproto.identity.resolveHandle", [("handle", handle)], token: session.accessJwt),
               let did = answer["did"]?.stringValue, did.hasPrefix("did:") {
                resolved[handle] = did
            }
        }
        return resolved
    }

    static func languages(_ options: [String: String]) -> [String] {
        (options["languages"] ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init).filter { !$0.isEmpty }
    }

    static func webURL(handle: String, rkey: String) -> URL? {
        URL(string: "https://bsky.app/profile/\(handle)/post/\(rkey)")
    }
}
