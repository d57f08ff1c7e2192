import Foundation

/// What a Bluesky account can do to others' posts from the inbox: like any of them
/// (`app.bsky.feed.like`), and hide a reply in one of its own threads (the thread's
/// `app.bsky.feed.threadgate`, `hiddenReplies`). Nobody can delete someone else's post on Bluesky,
/// and messages have no likes here, so neither is offered.
extension BlueskyPlatform: Moderating {
    /// A threadgate hides at most this many replies (the lexicon's limit).
    static let hiddenRepliesLimit = 300

    public nonisolated func moderationActions(for kind: ConversationItem.Kind) -> Set<ModerationAction> {
        switch kind {
        case .comment, .reply: [.like, .hide]
        case .mention, .quote: [.like]
        default: []
        }
    }

    public func moderate(_ action: ModerationAction, remoteID: String, credential: String) async throws(PlatformError) {
        guard ATURI(remoteID) != nil else { throw .rejected(message: "“\(remoteID)” is not the address of a Bluesky post") }
        let stored = ChannelCredential.parse(credential)
        try await withSession(stored) { xrpc, session throws(PlatformError) in
            // The post is someone else's: its cid and thread come from the AppView, as for an answer.
            let found = try await xrpc.query("app.bsky.feed.getPosts", [("uris", remoteID)], token: session.accessJwt, proxy: BlueskyXRPC.appView)
            guard let post = found["posts"]?.arrayValue?.first, let uri = post["uri"]?.stringValue, let cid = post["cid"]?.stringValue else {
                throw .rejected(message: "the post \(remoteID) is no longer on Bluesky")
            }
            switch action {
            case .like: try await like(uri: uri, cid: cid, xrpc: xrpc, session: session)
            case .hide:
                guard let root = post["record"]?["reply"]?["root"]?["uri"]?.stringValue.flatMap(ATURI.init), root.repo == session.did else {
                    throw .rejected(message: "Bluesky lets an account hide replies only in its own threads")
                }
                try await hide(uri, in: root, xrpc: xrpc, session: session)
            case .delete: throw .rejected(message: "Bluesky lets an account delete only its own posts")
            }
        }
    }

    /// A like with a record key derived from the post liked: asking twice finds the first like
    /// instead of making a second.
    func like(uri: String, cid: String, xrpc: BlueskyXRPC, session: BlueskySession) async throws(PlatformError) {
        let address = ATURI(repo: session.did, collection: "app.bsky.feed.like", rkey: BlueskyRecordKey.derived(from: "like:" + uri))
        try await lanes.run(session.did) { () async throws(PlatformError) in
            if try await record(address, xrpc: xrpc, session: session) != nil { return }
            let like: JSONValue = ["$type": "app.bsky.feed.like", "subject": BlueskyRequests.strongRef(uri: uri, cid: cid),
                                   "createdAt": .string(BlueskyRequests.timestamp(clock()))]
            do throws(PlatformError) {
                _ = try await xrpc.procedure("com.atproto.repo.createRecord",
                                             input: BlueskyRequests.createRecord(repo: session.did, recordKey: address.rkey, record: like,
                                                                                 collection: address.collection),
                                             token: session.accessJwt, effect: .writes)
            } catch {
                // An earlier attempt whose answer was lost may have made it.
                if case .rejected = error, (try? await record(address, xrpc: xrpc, session: session)) != nil { return }
                throw error
            }
        }
    }

    /// Adds the reply to the hidden replies of its thread's gate (kept with whatever else the gate
    /// says), then reads the gate back: a write of the gate by another process in between (a PDS
    /// need not support `swapRecord`, and the one Herald is tested against does not) is found and
    /// the reply added again.
    func hide(_ uri: String, in root: ATURI, xrpc: BlueskyXRPC, session: BlueskySession) async throws(PlatformError) {
        let gate = ATURI(repo: session.did, collection: "app.bsky.feed.threadgate", rkey: root.rkey)
        func hidden(_ record: (uri: String, cid: String, value: JSONValue)?) -> [String] {
            record?.value["hiddenReplies"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        try await lanes.run(session.did) { () async throws(PlatformError) in
            var existing = try await record(gate, xrpc: xrpc, session: session)
            for _ in 0..<3 {
                var replies = hidden(existing)
                if replies.contains(uri) { return }
                guard replies.count < Self.hiddenRepliesLimit else {
                    throw .rejected(message: "Bluesky hides at most \(Self.hiddenRepliesLimit) replies in one thread")
                }
                replies.append(uri)
                var value = existing?.value.objectValue
                    ?? ["$type": "app.bsky.feed.threadgate", "post": .string(root.description), "createdAt": .string(BlueskyRequests.timestamp(clock()))]
                value["hiddenReplies"] = .array(replies.map(JSONValue.string))
                _ = try await xrpc.procedure("com.atproto.repo.putRecord",
                                             input: ["repo": .string(session.did), "collection": .string(gate.collection),
                                                     "rkey": .string(gate.rkey), "record": .object(value)],
                                             token: session.accessJwt, effect: .writes)
                existing = try await record(gate, xrpc: xrpc, session: session)
            }
            if !hidden(existing).contains(uri) { throw .transient(message: "\(xrpc.service) keeps losing the reply hidden in \(gate)") }
        }
    }
}
