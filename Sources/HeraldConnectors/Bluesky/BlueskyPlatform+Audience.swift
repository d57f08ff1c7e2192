import Foundation
import HeraldCore

/// Likes, reposts, replies and quotes per post (`app.bsky.feed.getPosts`) and the account's
/// followers (`app.bsky.actor.getProfile`), read from the AppView through the PDS
/// (`atproto-proxy`). Bluesky gives no views, clicks or saves: "not available".
extension BlueskyPlatform: Insights {
    public var postMetrics: Set<PostMetric> { [.likes, .reposts, .replies, .quotes] }
    public var accountMetrics: Set<AccountMetric> { [.followers, .following, .posts] }
    /// getPosts reads 25 posts a call: ten calls a round.
    public var postsPerRound: Int { 250 }

    public func metrics(of remoteIDs: [String], credential: String) async throws(PlatformError) -> [String: [PostMetric: Int]] {
        let wanted = remoteIDs.filter { ATURI($0) != nil }
        guard !wanted.isEmpty else { return [:] }
        return try await withSession(ChannelCredential.parse(credential)) { xrpc, session throws(PlatformError) in
            var result: [String: [PostMetric: Int]] = [:]
            // getPosts takes up to 25 addresses a call.
            for start in stride(from: 0, to: wanted.count, by: 25) {
                let batch = wanted[start..<min(start + 25, wanted.count)].map { ("uris", $0) }
                let answer = try await xrpc.query("app.bsky.feed.getPosts", Array(batch), token: session.accessJwt, proxy: BlueskyXRPC.appView)
                for post in answer["posts"]?.arrayValue ?? [] {
                    guard let uri = post["uri"]?.stringValue else { continue }
                    result[uri] = [.likes: post["likeCount"]?.intValue ?? 0, .reposts: post["repostCount"]?.intValue ?? 0,
                                   .replies: post["replyCount"]?.intValue ?? 0, .quotes: post["quoteCount"]?.intValue ?? 0].plausible
                }
            }
            return result
        }
    }

    public func account(credential: String) async throws(PlatformError) -> [AccountMetric: Int] {
        try await withSession(ChannelCredential.parse(credential)) { xrpc, session throws(PlatformError) in
            let profile = try await xrpc.query("app.bsky.actor.getProfile", [("actor", session.did)], token: session.accessJwt,
                                               proxy: BlueskyXRPC.appView)
            var totals: [AccountMetric: Int] = [:]
            totals[.followers] = profile["followersCount"]?.intValue
            totals[.following] = profile["followsCount"]?.intValue
            totals[.posts] = profile["postsCount"]?.intValue
            return totals.plausible
        }
    }
}

/// Who of the authors follows the account (`app.bsky.graph.getRelationships`, thirty a call: the
/// relationship's `followedBy`), and which items are gone (`getPosts` leaves deleted posts out; a
/// direct message is not asked about).
extension BlueskyPlatform: FollowerChecking, ConversationChecking {
    public func followers(among authorIDs: [String], credential: String) async throws(PlatformError) -> Set<String> {
        let wanted = Array(Set(authorIDs.filter { $0.hasPrefix("did:") })).sorted()
        guard !wanted.isEmpty else { return [] }
        return try await withSession(ChannelCredential.parse(credential)) { xrpc, session throws(PlatformError) in
            var found: Set<String> = []
            for start in stride(from: 0, to: wanted.count, by: 30) {
                let others = wanted[start..<min(start + 30, wanted.count)].map { ("others", $0) }
                let answer = try await xrpc.query("app.bsky.graph.getRelationships", [("actor", session.did)] + others,
                                                  token: session.accessJwt, proxy: BlueskyXRPC.appView)
                for relationship in answer["relationships"]?.arrayValue ?? [] {
                    guard let did = relationship["did"]?.stringValue, relationship["followedBy"]?.stringValue != nil else { continue }
                    found.insert(did)
                }
            }
            return found
        }
    }

    public func gone(among remoteIDs: [String], credential: String) async throws(PlatformError) -> Set<String> {
        let wanted = remoteIDs.filter { ATURI($0) != nil }
        guard !wanted.isEmpty else { return [] }
        return try await withSession(ChannelCredential.parse(credential)) { xrpc, session throws(PlatformError) in
            var present: Set<String> = []
            for start in stride(from: 0, to: wanted.count, by: 25) {
                let batch = wanted[start..<min(start + 25, wanted.count)].map { ("uris", $0) }
                let answer = try await xrpc.query("app.bsky.feed.getPosts", Array(batch), token: session.accessJwt, proxy: BlueskyXRPC.appView)
                for post in answer["posts"]?.arrayValue ?? [] {
                    if let uri = post["uri"]?.stringValue { present.insert(uri) }
                }
            }
            return Set(wanted).subtracting(present)
        }
    }
}

/// Replies, mentions and quotes from the account's notifications, and direct messages from its
/// conversations where the app password allows them (`chat.bsky.convo`; a password made without
/// direct-message access reads notifications only). The cursor keeps the newest notification and
/// message times seen (`n=…;m=…`). Answers are posts in reply (root and parent read from the
/// AppView), or messages in the conversation.
extension BlueskyPlatform: Conversations {
    public var conversationKinds: Set<ConversationItem.Kind> { [.comment, .reply, .mention, .quote, .directMessage] }

    struct AudienceCursor: Equatable {
        var notifications: String?
        var messages: String?

        init(notifications: String?, messages: String?) {
            self.notifications = notifications
            self.messages = messages
        }

        init(_ text: String?) {
            var parts: [String: String] = [:]
            for piece in (text ?? "").split(separator: ";") {
                let pair = piece.split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2 { parts[pair[0]] = pair[1] }
            }
            notifications = parts["n"]
            messages = parts["m"]
        }

        var text: String { ["n=\(notifications ?? "")", "m=\(messages ?? "")"].joined(separator: ";") }
    }

    public func conversations(since cursor: String?, credential: String) async throws(PlatformError) -> ConversationBatch {
        let since = AudienceCursor(cursor)
        // The first read looks back a day at most.
        let floor = BlueskyRequests.timestamp(Date().addingTimeInterval(-86_400))
        return try await withSession(ChannelCredential.parse(credential)) { xrpc, session throws(PlatformError) in
            var items: [ConversationItem] = []
            var next = since
            // Notifications, newest first, until the cursor (five pages at most).
            var page: String?
            var newest: String?
            pages: for _ in 0..<5 {
                var parameters = [("limit", "50")]
                if let page { parameters.append(("cursor", page)) }
                let answer = try await xrpc.query("app.bsky.notification.listNotifications", parameters, token: session.accessJwt,
                                                  proxy: BlueskyXRPC.appView)
                let list = answer["notifications"]?.arrayValue ?? []
                for note in list {
                    guard let at = note["indexedAt"]?.stringValue else { continue }
                    if at <= (since.notifications ?? floor) { break pages }
                    newest = max(newest ?? at, at)
                    if let item = Self.item(note, account: session.did) { items.append(item) }
                }
                guard let more = answer["cursor"]?.stringValue, list.count == 50 else { break }
                page = more
            }
            if let newest { next.notifications = newest }
            // Direct messages, where the app password allows them.
            do throws(PlatformError) {
                let (messages, latest) = try await directMessages(since: since.messages ?? floor, xrpc: xrpc, session: session)
                items += messages
                if let latest { next.messages = latest }
            } catch {
                switch error {
                case .rejected, .unauthorized: break  // no direct-message access with this app password
                default: throw error
                }
            }
            items.sort { $0.at < $1.at }
            return ConversationBatch(items: items, cursor: next == since ? nil : next.text)
        }
    }

    /// One notification as an item, or nil for what is not said to the account (likes, follows).
    static func item(_ note: JSONValue, account: String) -> ConversationItem? {
        guard let uri = note["uri"]?.stringValue, let author = note["author"], let did = author["did"]?.stringValue, did != account,
              let record = note["record"] else { return nil }
        let at = PlatformHTTP.date(note["indexedAt"]?.stringValue.flatMap(BlueskyRequests.date(from:)))
        let text = record["text"]?.stringValue ?? ""
        let name = author["handle"]?.stringValue ?? did
        let parent = record["reply"]?["parent"]?["uri"]?.stringValue
        let root = record["reply"]?["root"]?["uri"]?.stringValue
        let ours = { (address: String?) in address.flatMap(ATURI.init)?.repo == account }
        switch note["reason"]?.stringValue {
        case "reply":
            // Under one of our posts: a comment on it; deeper in a thread: a reply.
            let kind: ConversationItem.Kind = ours(parent) && (root == nil || root == parent) ? .comment : .reply
            return ConversationItem(remoteID: uri, kind: kind, authorID: did, authorName: name, text: text, at: at,
                                    postRemoteID: ours(root) ? root : (ours(parent) ? parent : nil), parentRemoteID: parent,
                                    conversationID: root ?? parent ?? uri)
        case "mention":
            return ConversationItem(remoteID: uri, kind: .mention, authorID: did, authorName: name, text: text, at: at,
                                    parentRemoteID: parent, conversationID: root ?? uri)
        case "quote":
            let quoted = note["reasonSubject"]?.stringValue ?? record["embed"]?["record"]?["uri"]?.stringValue
            return ConversationItem(remoteID: uri, kind: .quote, authorID: did, authorName: name, text: text, at: at,
                                    postRemoteID: ours(quoted) ? quoted : nil, conversationID: uri)
        default:
            return nil
        }
    }

    /// Messages from others in the account's conversations since `since` (ISO time), and the newest time seen.
    func directMessages(since: String, xrpc: BlueskyXRPC, session: BlueskySession) async throws(PlatformError)
        -> ([ConversationItem], String?)
    {
        let convos = try await xrpc.query("chat.bsky.convo.listConvos", [("limit", "50")], token: session.accessJwt, proxy: BlueskyXRPC.chat)
        var items: [ConversationItem] = []
        var latest: String?
        for convo in convos["convos"]?.arrayValue ?? [] {
            guard let id = convo["id"]?.stringValue, let last = convo["lastMessage"]?["sentAt"]?.stringValue, last > since else { continue }
            let members = convo["members"]?.arrayValue ?? []
            let answer = try await xrpc.query("chat.bsky.convo.getMessages", [("convoId", id), ("limit", "50")], token: session.accessJwt,
                                              proxy: BlueskyXRPC.chat)
            for message in answer["messages"]?.arrayValue ?? [] {
                guard let sentAt = message["sentAt"]?.stringValue, sentAt > since, let sender = message["sender"]?["did"]?.stringValue,
                      sender != session.did, let messageID = message["id"]?.stringValue else { continue }
                latest = max(latest ?? sentAt, sentAt)
                let handle = members.first { $0["did"]?.stringValue == sender }?["handle"]?.stringValue ?? sender
                items.append(ConversationItem(remoteID: "\(id):\(messageID)", kind: .directMessage, authorID: sender, authorName: handle,
                                              text: message["text"]?.stringValue ?? "",
                                              at: PlatformHTTP.date(BlueskyRequests.date(from: sentAt)), conversationID: id))
            }
        }
        return (items, latest)
    }

    public func reply(_ request: ReplyRequest, credential: String) async throws(PlatformError) -> PublishedPost {
        let stored = ChannelCredential.parse(credential)
        if request.item.kind == .directMessage {
            guard let convo = request.item.conversationID else { throw .rejected(message: "the message has no conversation to answer in") }
            return try await withSession(stored) { xrpc, session throws(PlatformError) in
                let sent = try await xrpc.procedure("chat.bsky.convo.sendMessage",
                                                    input: ["convoId": .string(convo), "message": ["text": .string(request.text)]],
                                                    token: session.accessJwt, effect: .writes, proxy: BlueskyXRPC.chat)
                guard let id = sent["id"]?.stringValue, !id.isEmpty else {
                    throw .outcomeUnknown(message: "\(xrpc.service) answered sendMessage without the message's id")
                }
                return PublishedPost(remoteID: "\(convo):\(id)", url: nil, publishedAt: Date())
            }
        }
        return try await withSession(stored) { xrpc, session throws(PlatformError) in
            // The item is someone else's post: its cid and thread root come from the AppView.
            let found = try await xrpc.query("app.bsky.feed.getPosts", [("uris", request.item.remoteID)], token: session.accessJwt,
                                             proxy: BlueskyXRPC.appView)
            guard let post = found["posts"]?.arrayValue?.first, let uri = post["uri"]?.stringValue, let cid = post["cid"]?.stringValue else {
                throw .rejected(message: "the post \(request.item.remoteID) is no longer on Bluesky")
            }
            let parent = BlueskyRequests.strongRef(uri: uri, cid: cid)
            let reply = BlueskyRequests.reply(root: post["record"]?["reply"]?["root"] ?? parent, parent: parent)
            let handles = await resolveMentions(in: request.text, xrpc: xrpc, session: session)
            let record = BlueskyRequests.post(text: request.text, createdAt: clock(), reply: reply, resolveHandle: { handles[$0] })
            return try await create(record, rkey: BlueskyRecordKey.derived(from: request.idempotencyKey), xrpc: xrpc, session: session)
        }
    }
}
