import Foundation
import Vapor

/// What a real PDS does for reads it does not hold: requests that carry `atproto-proxy` go to the
/// AppView (`did:web:api.bsky.app#bsky_appview`: `app.bsky.feed.getPosts`, `app.bsky.actor.getProfile`,
/// `app.bsky.notification.listNotifications`) or the chat service (`did:web:api.bsky.chat#bsky_chat`:
/// `chat.bsky.convo.listConvos`, `getMessages`, `sendMessage`). The third-party PDS the suite runs
/// against has neither, so this stands in front of it: those calls are answered here from an
/// audience the test sets up (counts, notifications, conversations); everything else is
/// forwarded to the real PDS. Without the proxy header the calls answer 501, as the PDS does.
public final class BlueskyAppView: @unchecked Sendable {
    public struct Counts: Sendable, Equatable {
        public var likes = 0, reposts = 0, replies = 0, quotes = 0

        public init(likes: Int = 0, reposts: Int = 0, replies: Int = 0, quotes: Int = 0) {
            self.likes = likes
            self.reposts = reposts
            self.replies = replies
            self.quotes = quotes
        }
    }

    public static let appViewProxy = "did:web:api.bsky.app#bsky_appview"
    public static let chatProxy = "did:web:api.bsky.chat#bsky_chat"

    private let lock = NSLock()
    public let proxy: LossyProxy
    private var counts: [String: Counts] = [:]
    private var followers = 0
    private var followingUs: Set<String> = []
    private var deleted: Set<String> = []
    private var notifications: [(at: Date, json: String)] = []
    private var convos: [String: (member: String, messages: [(id: String, sender: String, text: String, at: Date)])] = [:]
    private var sequence = 0
    /// Chat calls answer this error instead (an app password made without direct-message access).
    public var chatRefusal: String?
    public var baseURL: String { proxy.baseURL }

    public init(pds: String) {
        proxy = LossyProxy(upstream: pds)
    }

    public func start() async throws {
        proxy.intercept = { [weak self] req in guard let self else { throw Abort(.serviceUnavailable) }; return self.answer(req) }
        try await proxy.start()
    }

    public func stop() async { await proxy.stop() }

    // MARK: - The audience

    public func setCounts(_ uri: String, _ value: Counts) { lock.withLock { counts[uri] = value } }
    public func setFollowers(_ count: Int) { lock.withLock { followers = count } }
    /// `author` (as `notify` names them) follows the account: their relationship says `followedBy`.
    public func follows(_ author: String) { lock.withLock { _ = followingUs.insert(Self.did(author)) } }
    /// The post at `uri` is deleted: getPosts leaves it out.
    public func delete(_ uri: String) { lock.withLock { _ = deleted.insert(uri) } }
    /// The did `notify` gives `author`.
    public static func did(_ author: String) -> String { "did:plc:\(author.replacingOccurrences(of: ".", with: ""))" }

    /// A notification to the account: `reason` reply, mention or quote, from `author` (a handle).
    @discardableResult
    public func notify(_ reason: String, from author: String, text: String, parent: String? = nil, root: String? = nil,
                       quoted: String? = nil) -> String {
        lock.withLock {
            sequence += 1
            let at = Date().addingTimeInterval(Double(sequence) / 1000)
            let uri = "at://did:plc:\(author.replacingOccurrences(of: ".", with: ""))/app.bsky.feed.post/3l\(sequence)"
            var record = #"{"$type":"app.bsky.feed.post","text":\#(Self.quoted(text)),"createdAt":"\#(Self.stamp(at))""#
            if let parent {
                record += #","reply":{"root":{"uri":"\#(root ?? parent)","cid":"\#(Self.cid(root ?? parent))"},"parent":{"uri":"\#(parent)","cid":"\#(Self.cid(parent))"}}"#
            }
            if let quoted { record += #","embed":{"$type":"app.bsky.embed.record","record":{"uri":"\#(quoted)","cid":"\#(Self.cid(quoted))"}}"# }
            record += "}"
            let subject = (reason == "quote" ? quoted : parent).map { #","reasonSubject":"\#($0)""# } ?? ""
            notifications.append((at, #"{"uri":"\#(uri)","cid":"\#(Self.cid(uri))","author":{"did":"did:plc:\#(author.replacingOccurrences(of: ".", with: ""))","handle":"\#(author)"},"reason":"\#(reason)"\#(subject),"record":\#(record),"isRead":false,"indexedAt":"\#(Self.stamp(at))"}"#))
            return uri
        }
    }

    /// A direct message to the account from `author` (a handle); its conversation is made on the first.
    public func message(from author: String, text: String) {
        lock.withLock {
            sequence += 1
            let id = "convo-" + author.replacingOccurrences(of: ".", with: "-")
            var convo = convos[id] ?? (author, [])
            convo.messages.append(("m\(sequence)", "did:plc:\(author.replacingOccurrences(of: ".", with: ""))", text,
                                   Date().addingTimeInterval(Double(sequence) / 1000)))
            convos[id] = convo
        }
    }

    /// Messages the account sent, as (conversation, text).
    public var sent: [(convo: String, text: String)] {
        lock.withLock { convos.flatMap { id, convo in convo.messages.filter { !$0.sender.hasPrefix("did:plc:") }.map { (id, $0.text) } } }
    }

    // MARK: - Answers

    private func answer(_ req: Request) -> Response? {
        let path = req.url.path
        guard path.hasPrefix("/xrpc/app.bsky.") || path.hasPrefix("/xrpc/chat.bsky.") else { return nil }
        let nsid = String(path.dropFirst("/xrpc/".count))
        let wanted = nsid.hasPrefix("chat.") ? Self.chatProxy : Self.appViewProxy
        guard req.headers.first(name: "atproto-proxy") == wanted else {
            return Self.error(.notImplemented, "MethodNotImplemented", "Method Not Implemented")
        }
        guard let viewer = Self.viewer(req) else { return Self.error(.unauthorized, "AuthMissing", "Authentication Required") }
        if nsid.hasPrefix("chat."), let refusal = lock.withLock({ chatRefusal }) {
            return Self.error(.badRequest, "InvalidToken", refusal)
        }
        let query = req.url.query.map { URLComponents(string: "?" + $0)?.queryItems ?? [] } ?? []
        func values(_ name: String) -> [String] { query.filter { $0.name == name }.compactMap(\.value) }
        switch nsid {
        case "app.bsky.graph.getRelationships":
            let relationships: [String] = lock.withLock {
                values("others").map { did in
                    followingUs.contains(did)
                        ? #"{"$type":"app.bsky.graph.defs#relationship","did":"\#(did)","followedBy":"at://\#(did)/app.bsky.graph.follow/3lf\#(abs(did.hashValue % 100_000))"}"#
                        : #"{"$type":"app.bsky.graph.defs#relationship","did":"\#(did)"}"#
                }
            }
            return Self.json(#"{"actor":"\#(values("actor").first ?? viewer)","relationships":[\#(relationships.joined(separator: ","))]}"#)
        case "app.bsky.feed.getPosts":
            let posts: [String] = lock.withLock {
                values("uris").filter { !deleted.contains($0) }.map { uri in
                    let count = counts[uri] ?? Counts()
                    // Someone's post the account was notified of: its own author and record.
                    if let note = notifications.first(where: { $0.json.hasPrefix(#"{"uri":"\#(uri)""#) }),
                       let object = try? JSONSerialization.jsonObject(with: Data(note.json.utf8)) as? [String: Any],
                       let author = object["author"], let record = object["record"],
                       let authorJSON = try? JSONSerialization.data(withJSONObject: author),
                       let recordJSON = try? JSONSerialization.data(withJSONObject: record) {
                        return #"{"uri":"\#(uri)","cid":"\#(Self.cid(uri))","author":\#(String(decoding: authorJSON, as: UTF8.self)),"record":\#(String(decoding: recordJSON, as: UTF8.self)),"indexedAt":"\#(Self.stamp(note.at))","likeCount":0,"repostCount":0,"replyCount":0,"quoteCount":0}"#
                    }
                    return #"{"uri":"\#(uri)","cid":"\#(Self.cid(uri))","author":{"did":"\#(viewer)","handle":"viewer.test"},"record":{"$type":"app.bsky.feed.post","text":"","createdAt":"2026-01-01T00:00:00.000Z"},"indexedAt":"2026-01-01T00:00:00.000Z","likeCount":\#(count.likes),"repostCount":\#(count.reposts),"replyCount":\#(count.replies),"quoteCount":\#(count.quotes)}"#
                }
            }
            return Self.json(#"{"posts":[\#(posts.joined(separator: ","))]}"#)
        case "app.bsky.actor.getProfile":
            let count = lock.withLock { followers }
            return Self.json(#"{"did":"\#(values("actor").first ?? viewer)","handle":"viewer.test","followersCount":\#(count),"followsCount":7,"postsCount":12}"#)
        case "app.bsky.notification.listNotifications":
            let limit = min(100, Int(values("limit").first ?? "") ?? 50)
            let before = values("cursor").first
            let page: [(at: Date, json: String)] = lock.withLock {
                Array(notifications.reversed().filter { before == nil || Self.stamp($0.at) < before! }.prefix(limit))
            }
            let cursor = page.count == limit ? page.last.map { #","cursor":"\#(Self.stamp($0.at))""# } ?? "" : ""
            return Self.json(#"{"notifications":[\#(page.map(\.json).joined(separator: ","))]\#(cursor)}"#)
        case "chat.bsky.convo.listConvos":
            let list: [String] = lock.withLock {
                convos.sorted { $0.key < $1.key }.map { id, convo in
                    let last = convo.messages.last.map { #","lastMessage":{"$type":"chat.bsky.convo.defs#messageView","id":"\#($0.id)","rev":"r","text":\#(Self.quoted($0.text)),"sender":{"did":"\#($0.sender)"},"sentAt":"\#(Self.stamp($0.at))"}"# } ?? ""
                    return #"{"id":"\#(id)","rev":"r","members":[{"did":"\#(viewer)","handle":"viewer.test"},{"did":"did:plc:\#(convo.member.replacingOccurrences(of: ".", with: ""))","handle":"\#(convo.member)"}]\#(last),"muted":false,"unreadCount":1}"#
                }
            }
            return Self.json(#"{"convos":[\#(list.joined(separator: ","))]}"#)
        case "chat.bsky.convo.getMessages":
            let id = values("convoId").first ?? ""
            let messages: [String]? = lock.withLock {
                convos[id]?.messages.reversed().map { #"{"$type":"chat.bsky.convo.defs#messageView","id":"\#($0.id)","rev":"r","text":\#(Self.quoted($0.text)),"sender":{"did":"\#($0.sender)"},"sentAt":"\#(Self.stamp($0.at))"}"# }
            }
            guard let messages else { return Self.error(.badRequest, "InvalidRequest", "Convo not found") }
            return Self.json(#"{"messages":[\#(messages.joined(separator: ","))]}"#)
        case "chat.bsky.convo.sendMessage":
            struct Input: Decodable { struct Message: Decodable { var text: String }; var convoId: String; var message: Message }
            guard let body = req.body.data, let input = try? JSONDecoder().decode(Input.self, from: Data(buffer: body)),
                  !input.message.text.isEmpty else {
                return Self.error(.badRequest, "InvalidRequest", "Input must have the property \"message\"")
            }
            let sent: (String, Date)? = lock.withLock {
                guard var convo = convos[input.convoId] else { return nil }
                sequence += 1
                let at = Date()
                convo.messages.append(("m\(sequence)", viewer, input.message.text, at))
                convos[input.convoId] = convo
                return ("m\(sequence)", at)
            }
            guard let (id, at) = sent else { return Self.error(.badRequest, "InvalidRequest", "Convo not found") }
            return Self.json(#"{"id":"\#(id)","rev":"r","text":\#(Self.quoted(input.message.text)),"sender":{"did":"\#(viewer)"},"sentAt":"\#(Self.stamp(at))"}"#)
        default:
            return Self.error(.notImplemented, "MethodNotImplemented", "Method Not Implemented")
        }
    }

    /// A CID (v1, dag-cbor, sha-256) for a made-up record, stable per address.
    static func cid(_ seed: String?) -> String {
        let bytes = [UInt8]([0x01, 0x71, 0x12, 0x20]) + Array(SHA256.hash(data: Data((seed ?? "").utf8)))
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var output = "b", buffer = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
            buffer &= (1 << bits) - 1
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return output
    }

    /// The account a session token belongs to (the `sub` of its JWT).
    static func viewer(_ req: Request) -> String? {
        guard let token = req.headers.bearerAuthorization?.token else { return nil }
        let parts = token.split(separator: ".")
        guard parts.count == 3 else { return nil }
        var payload = String(parts[1]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while payload.count % 4 != 0 { payload += "=" }
        guard let data = Data(base64Encoded: payload),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object["sub"] as? String
    }

    static func stamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func quoted(_ text: String) -> String { (try? JSONEncoder().encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\"" }
    static func json(_ body: String) -> Response { Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: body)) }
    static func error(_ status: HTTPResponseStatus, _ name: String, _ message: String) -> Response {
        json(#"{"error":"\#(name)","message":\#(quoted(message))}"#).with(status)
    }
}

private extension Response {
    func with(_ status: HTTPResponseStatus) -> Response {
        self.status = status
        return self
    }
}
