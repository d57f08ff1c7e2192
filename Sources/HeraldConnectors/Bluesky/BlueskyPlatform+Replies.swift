import Foundation

/// A post's first comment on Bluesky is the account's own reply to it, in the post's thread,
/// with its record key derived from the comment's idempotency key like any post of Herald's.
extension BlueskyPlatform: FirstCommenting, Deleting {
    public func comment(_ request: CommentRequest, credential: String) async throws(PlatformError) -> PublishedPost {
        let stored = ChannelCredential.parse(credential)
        return try await withSession(stored) { xrpc, session throws(PlatformError) in
            let reply = try await replyReference(to: request.parentRemoteID, xrpc: xrpc, session: session)
            let handles = await resolveMentions(in: request.text, xrpc: xrpc, session: session)
            let record = BlueskyRequests.post(text: request.text, languages: Self.languages(request.options), createdAt: clock(),
                                              reply: reply, resolveHandle: { handles[$0] })
            return try await create(record, rkey: BlueskyRecordKey.derived(from: request.idempotencyKey), xrpc: xrpc, session: session)
        }
    }

    public func findComment(_ request: CommentRequest, credential: String) async throws(PlatformError) -> PublishedPost? {
        let stored = ChannelCredential.parse(credential)
        return try await withSession(stored) { xrpc, session throws(PlatformError) in
            try await read(BlueskyRecordKey.derived(from: request.idempotencyKey), xrpc: xrpc, session: session)
        }
    }

    /// `reply.parent` is the post answered; `reply.root` the thread's first post (the parent's own
    /// root when the parent is itself a reply).
    func replyReference(to parentURI: String, xrpc: BlueskyXRPC, session: BlueskySession) async throws(PlatformError) -> JSONValue {
        guard let address = ATURI(parentURI) else { throw .rejected(message: "“\(parentURI)” is not the address of a Bluesky post") }
        guard let parent = try await record(address, xrpc: xrpc, session: session) else {
            throw .rejected(message: "the post \(parentURI) is no longer on Bluesky")
        }
        let parentRef = BlueskyRequests.strongRef(uri: parent.uri, cid: parent.cid)
        let root = parent.value["reply"]?["root"] ?? parentRef
        return BlueskyRequests.reply(root: root, parent: parentRef)
    }

    /// Deletes one of the account's records and reads the repository to confirm it is gone: a
    /// PDS may answer the delete oddly (or not at all) after doing it.
    public func delete(remoteID: String, credential: String) async throws(PlatformError) {
        guard let address = ATURI(remoteID) else { throw .rejected(message: "“\(remoteID)” is not the address of a Bluesky post") }
        let stored = ChannelCredential.parse(credential)
        try await withSession(stored) { xrpc, session throws(PlatformError) in
            guard address.repo == session.did else { throw .rejected(message: "the post \(remoteID) belongs to another account") }
            var failure: PlatformError?
            do throws(PlatformError) {
                _ = try await lanes.run(session.did) { () async throws(PlatformError) -> JSONValue in
                    try await xrpc.procedure("com.atproto.repo.deleteRecord",
                                             input: ["repo": .string(session.did), "collection": .string(address.collection),
                                                     "rkey": .string(address.rkey)],
                                             token: session.accessJwt, effect: .writes)
                }
            } catch {
                if case .unauthorized = error { throw error }
                failure = error
            }
            guard try await record(address, xrpc: xrpc, session: session) != nil else { return }
            throw failure ?? .transient(message: "\(xrpc.service) still has \(remoteID) after deleting it")
        }
    }
}

/// Where a Bluesky account lives: its handle resolves to a DID, and the DID's document names
/// its PDS. Used when a channel is connected without a PDS address.
public struct BlueskyDirectory: Sendable {
    /// A service that answers `com.atproto.identity.resolveHandle`.
    public var handleResolver: String
    /// The PLC directory (for `did:plc:` DIDs).
    public var plc: String

    public init(handleResolver: String, plc: String) {
        self.handleResolver = handleResolver
        self.plc = plc
    }

    public static let `public` = BlueskyDirectory(handleResolver: "https://public.api.bsky.app", plc: "https://plc.directory")

    /// The PDS address of a handle or DID.
    func service(of identifier: String, http: PlatformHTTP) async throws(PlatformError) -> String {
        let did: String
        if identifier.hasPrefix("did:") {
            did = identifier
        } else {
            let resolver = BlueskyXRPC(http: http, service: handleResolver.trimmingSuffix("/"))
            let answer = try await resolver.query("com.atproto.identity.resolveHandle",
                                                  [("handle", (identifier.hasPrefix("@") ? String(identifier.dropFirst()) : identifier).lowercased())], token: nil)
            guard let found = answer["did"]?.stringValue, found.hasPrefix("did:") else {
                throw .rejected(message: "the handle \(identifier) does not resolve to an account")
            }
            did = found
        }
        let documentURL: String
        if did.hasPrefix("did:plc:") {
            documentURL = plc.trimmingSuffix("/") + "/" + did
        } else if did.hasPrefix("did:web:") {
            let host = String(did.dropFirst("did:web:".count)).replacingOccurrences(of: "%3A", with: ":")
            documentURL = "https://\(host)/.well-known/did.json"
        } else {
            throw .rejected(message: "\(did) is a kind of DID Bluesky does not use")
        }
        let answer: PlatformHTTP.Answer
        do { answer = try await http.send(.GET, documentURL, headers: ["Accept": "application/json"]) } catch {
            throw PlatformHTTP.platformError(error, writes: false, place: documentURL)
        }
        guard (200..<300).contains(answer.status.code), let document = try? JSONDecoder().decode(JSONValue.self, from: answer.data) else {
            throw .rejected(message: "the DID document of \(did) could not be read (\(answer.status.code))")
        }
        let services = document["service"]?.arrayValue ?? []
        guard let pds = services.first(where: { ($0["id"]?.stringValue ?? "").hasSuffix("#atproto_pds") })?["serviceEndpoint"]?.stringValue,
              let url = URL(string: pds), url.scheme == "https" || url.scheme == "http" else {
            throw .rejected(message: "the DID document of \(did) names no PDS")
        }
        return pds
    }
}
