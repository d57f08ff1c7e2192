import Foundation
import Vapor

/// The Telegram Bot API on loopback, for one bot: `getMe`, `getChat`, `getChatMember`, `getChatMemberCount`,
/// `sendMessage`, `sendPhoto`, `sendVideo` (multipart uploads), `sendMediaGroup` (2–10 items,
/// `attach://` files), `pinChatMessage`, `deleteMessage`. Answers as Telegram does:
/// `{"ok":true,"result":…}` or `{"ok":false,"error_code":…,"description":…,"parameters":{"retry_after":…}}`,
/// with Telegram's limits (text 1–4096 and captions 0–1024 UTF-16 units). Telegram has no
/// idempotency: every accepted request is a new message. Switches make the next send requests
/// rate-limited, failing (502), answered only after the client gave up (stored first), or dropped.
public final class TelegramEmulator: @unchecked Sendable {
    public struct Chat: Sendable, Equatable {
        public var id: Int64
        public var username: String?
        public var title: String
        public var type: String
        /// The bot's place in the chat: "administrator", "member", "left".
        public var botStatus: String
        public var botCanPost: Bool
        /// What `getChatMemberCount` answers (subscribers of a channel).
        public var memberCount: Int
        /// A channel's discussion group, where its posts' comments live.
        public var linkedChatID: Int64?

        public init(id: Int64, username: String?, title: String, type: String = "channel", botStatus: String = "administrator",
                    botCanPost: Bool = true, memberCount: Int = 1_250, linkedChatID: Int64? = nil) {
            self.memberCount = memberCount
            self.linkedChatID = linkedChatID
            self.id = id
            self.username = username
            self.title = title
            self.type = type
            self.botStatus = botStatus
            self.botCanPost = botCanPost
        }
    }

    public struct Message: Sendable, Equatable {
        public var chatID: Int64
        public var id: Int
        public var text: String
        public var entities: Int
        /// "text", "photo", "video"; items of one album share `group`.
        public var kind: String
        public var group: String?
        public var silent: Bool
        public var protected: Bool
        public var noPreview: Bool
        public var pinned = false
    }

    public typealias Fault = EmulatorFault

    let lock = NSLock()
    private var chats: [Chat]
    private var messages: [Message] = []
    private var faults: [Fault] = []
    /// Updates not yet confirmed by a `getUpdates` offset, as JSON objects (`update_id` first).
    private var updates: [(id: Int, type: String, json: String)] = []
    private var nextUpdate = 500_000
    /// The update types the bot asked for (`allowed_updates`, kept until asked differently); nil or
    /// empty: Telegram's default, everything but reactions and chat members.
    private var allowedUpdates: Set<String>?
    static let optInUpdates: Set<String> = ["chat_member", "message_reaction", "message_reaction_count"]
    /// Where updates are pushed (`setWebhook`), with the secret-token header's value.
    private var hook: (url: String, secret: String?)?
    public var webhook: (url: String, secret: String?)? { lock.withLock { hook } }
    /// In a discussion group, the automatic forward of each channel post, by the post's id.
    private var forwards: [Int: Int] = [:]
    /// Messages of the audience (comments, answers, direct messages) still there, as "chat:message".
    private var audience: Set<String> = []
    /// The chats the audience's messages are in (discussion groups, private chats with the bot).
    private var audienceChats: Set<String> { Set(audience.map { String($0.split(separator: ":")[0]) } + chats.compactMap { $0.linkedChatID.map(String.init) }) }
    /// Reactions the bot set (`setMessageReaction`), as "chat:message" → emoji.
    private var reactionsSet: [String: [String]] = [:]
    /// The bot's reactions on an audience message ("chat:message"); nil when it set none.
    public func reactions(on remoteID: String) -> [String]? { lock.withLock { reactionsSet[remoteID] } }
    /// Whether an audience message ("chat:message") is still there.
    public func isThere(_ remoteID: String) -> Bool { lock.withLock { audience.contains(remoteID) } }
    private var nextID = 100
    public let token: String
    public let botID: Int64 = 7_000_001
    var app: Application?
    public private(set) var baseURL = ""

    public init(token: String = "7000001:emulator-token", chats: [Chat] = [Chat(id: -1_001_234_567_890, username: "herald_demo", title: "Herald Demo")]) {
        self.token = token
        self.chats = chats
    }

    public var sent: [Message] { lock.withLock { messages } }
    public func inject(_ fault: Fault) { lock.withLock { faults.append(fault) } }
    public func update(_ chat: Chat) { lock.withLock { chats = chats.filter { $0.id != chat.id } + [chat] } }

    public func start() async throws {
        (app, baseURL) = try await Loopback.start { app in
            app.on(.POST, ":bot", ":method", body: .collect(maxSize: "64mb")) { [weak self] req in guard let self else { throw Abort(.serviceUnavailable) }; return try await self.handle(req) }
            app.on(.GET, ":bot", ":method") { [weak self] req in guard let self else { throw Abort(.serviceUnavailable) }; return try await self.handle(req) }
        }
    }

    public func stop() async {
        await Loopback.stop(app)
        app = nil
    }

    // MARK: - Requests

    private func handle(_ req: Request) async throws -> Response {
        guard req.parameters.get("bot") == "bot" + token else { return Self.failure(401, "Unauthorized") }
        let method = req.parameters.get("method") ?? ""
        let params = Self.parameters(req)
        switch method {
        case "getMe":
            return Self.ok(#"{"id":\#(botID),"is_bot":true,"first_name":"Herald","username":"herald_emulator_bot"}"#)
        case "getChat":
            guard let chat = chat(params["chat_id"]) else { return Self.failure(400, "Bad Request: chat not found") }
            return Self.ok(Self.chatJSON(chat))
        case "getChatMember":
            guard let chat = chat(params["chat_id"]) else { return Self.failure(400, "Bad Request: chat not found") }
            guard params["user_id"] == String(botID) else { return Self.failure(400, "Bad Request: user not found") }
            let rights = chat.botStatus == "administrator" ? #","can_post_messages":\#(chat.botCanPost),"can_edit_messages":true"# : ""
            return Self.ok(#"{"status":"\#(chat.botStatus)","user":{"id":\#(botID),"is_bot":true,"first_name":"Herald"}\#(rights)}"#)
        case "setWebhook":
            guard let url = params["url"], url.hasPrefix("https://") || url.hasPrefix("http://127.0.0.1") else {
                return Self.failure(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
            }
            if let secret = params["secret_token"], secret.range(of: "^[A-Za-z0-9_-]{1,256}$", options: .regularExpression) == nil {
                return Self.failure(400, "Bad Request: secret token contains unallowed characters")
            }
            lock.withLock { hook = (url, params["secret_token"]) }
            return Self.ok("true")
        case "deleteWebhook":
            lock.withLock { hook = nil }
            return Self.ok("true")
        case "getUpdates":
            if lock.withLock({ hook != nil }) {
                return Self.failure(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
            }
            if let allowed = params["allowed_updates"], let list = try? JSONDecoder().decode([String].self, from: Data(allowed.utf8)) {
                lock.withLock { allowedUpdates = Set(list) }
            }
            return updatesAnswer(offset: params["offset"].flatMap(Int.init), limit: params["limit"].flatMap(Int.init) ?? 100)
        case "getChatMemberCount":
            guard let chat = chat(params["chat_id"]) else { return Self.failure(400, "Bad Request: chat not found") }
            return Self.ok(String(chat.memberCount))
        case "sendMessage", "sendPhoto", "sendVideo", "sendMediaGroup":
            return try await send(method, params, req)
        case "editMessageText", "editMessageCaption":
            guard let chat = chat(params["chat_id"]), let id = params["message_id"].flatMap(Int.init) else {
                return Self.failure(400, "Bad Request: chat not found")
            }
            let text = (method == "editMessageText" ? params["text"] : params["caption"]) ?? ""
            let limit = method == "editMessageText" ? 4096 : 1024
            guard text.utf16.count <= limit, method == "editMessageCaption" || !text.isEmpty else {
                return Self.failure(400, "Bad Request: message is too long")
            }
            let answer: Response = lock.withLock {
                guard let index = messages.firstIndex(where: { $0.chatID == chat.id && $0.id == id }) else {
                    return Self.failure(400, "Bad Request: message to edit not found")
                }
                let isText = messages[index].kind == "text"
                if method == "editMessageText" && !isText { return Self.failure(400, "Bad Request: there is no text in the message to edit") }
                if method == "editMessageCaption" && isText { return Self.failure(400, "Bad Request: there is no caption in the message to edit") }
                if messages[index].text == text {
                    return Self.failure(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
                }
                messages[index].text = text
                return Self.ok(#"{"message_id":\#(id),"date":\#(Self.now),"chat":\#(Self.chatJSON(chat))}"#)
            }
            return answer
        case "deleteMessage" where lock.withLock({ audienceChats.contains(params["chat_id"] ?? "") }):
            // An administrator bot deletes someone's message in the discussion group; any bot, one written to it privately.
            let removed = lock.withLock { audience.remove("\(params["chat_id"] ?? ""):\(params["message_id"] ?? "")") != nil }
            return removed ? Self.ok("true") : Self.failure(400, "Bad Request: message to delete not found")
        case "setMessageReaction":
            let key = "\(params["chat_id"] ?? ""):\(params["message_id"] ?? "")"
            guard lock.withLock({ audience.contains(key) }) else { return Self.failure(400, "Bad Request: message to react not found") }
            let emoji = (params["reaction"].flatMap { try? JSONDecoder().decode([[String: String]].self, from: Data($0.utf8)) } ?? [])
                .compactMap { $0["emoji"] }
            lock.withLock { reactionsSet[key] = emoji }
            return Self.ok("true")
        case "pinChatMessage", "deleteMessage":
            guard let chat = chat(params["chat_id"]), let id = params["message_id"].flatMap(Int.init) else {
                return Self.failure(400, "Bad Request: chat not found")
            }
            let found: Bool = lock.withLock {
                guard let index = messages.firstIndex(where: { $0.chatID == chat.id && $0.id == id }) else { return false }
                if method == "pinChatMessage" { messages[index].pinned = true } else { messages.remove(at: index) }
                return true
            }
            return found ? Self.ok("true") : Self.failure(400, "Bad Request: message to \(method == "pinChatMessage" ? "pin" : "delete") not found")
        default:
            return Self.failure(404, "Not Found: method not found")
        }
    }

    private func send(_ method: String, _ params: [String: String], _ req: Request) async throws -> Response {
        let fault: Fault? = lock.withLock { faults.isEmpty ? nil : faults.removeFirst() }
        let refused = fault?.before(rateLimited: { seconds in
            Self.json(429, #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after \#(seconds)","parameters":{"retry_after":\#(seconds)}}"#)
        }, unavailable: { Self.failure(502, "Bad Gateway") })
        if let refused { return refused }
        if method == "sendMessage", let reply = params["reply_parameters"], let answer = replyAnswer(params, reply) { return answer }
        guard let chat = chat(params["chat_id"]) else { return Self.failure(400, "Bad Request: chat not found") }
        guard chat.botStatus == "administrator" || chat.type != "channel" else {
            return Self.failure(403, "Forbidden: bot is not a member of the channel chat")
        }
        guard chat.botCanPost else { return Self.failure(400, "Bad Request: not enough rights to send text messages to the chat") }
        var items: [(kind: String, text: String, entities: Int)] = []
        switch method {
        case "sendMessage":
            let text = params["text"] ?? ""
            guard !text.isEmpty else { return Self.failure(400, "Bad Request: message text is empty") }
            guard text.utf16.count <= 4096 else { return Self.failure(400, "Bad Request: message is too long") }
            items = [("text", text, Self.count(params["entities"]))]
        case "sendPhoto", "sendVideo":
            let field = method == "sendPhoto" ? "photo" : "video"
            let part = params[field].flatMap { $0.hasPrefix("attach://") ? String($0.dropFirst(9)) : nil } ?? field
            guard Self.file(req, part) != nil else { return Self.failure(400, "Bad Request: there is no \(field) in the request") }
            let caption = params["caption"] ?? ""
            guard caption.utf16.count <= 1024 else { return Self.failure(400, "Bad Request: message caption is too long") }
            items = [(field, caption, Self.count(params["caption_entities"]))]
        default:
            struct Item: Decodable { var type: String; var media: String; var caption: String?; var caption_entities: [JSONAny]? }
            struct JSONAny: Decodable {}
            guard let raw = params["media"], let media = try? JSONDecoder().decode([Item].self, from: Data(raw.utf8)) else {
                return Self.failure(400, "Bad Request: can't parse media JSON object")
            }
            guard (2...10).contains(media.count) else { return Self.failure(400, "Bad Request: wrong number of media in the album") }
            for item in media {
                guard item.media.hasPrefix("attach://"), Self.file(req, String(item.media.dropFirst(9))) != nil else {
                    return Self.failure(400, "Bad Request: wrong file identifier/HTTP URL specified")
                }
                guard (item.caption ?? "").utf16.count <= 1024 else { return Self.failure(400, "Bad Request: message caption is too long") }
                items.append((item.type, item.caption ?? "", item.caption_entities?.count ?? 0))
            }
        }
        let group = items.count > 1 ? UUID().uuidString : nil
        let stored: [Message] = lock.withLock {
            items.map { item in
                nextID += 1
                let message = Message(chatID: chat.id, id: nextID, text: item.text, entities: item.entities, kind: item.kind, group: group,
                                      silent: params["disable_notification"] == "true", protected: params["protect_content"] == "true",
                                      noPreview: params["link_preview_options"]?.contains("\"is_disabled\":true") == true)
                messages.append(message)
                return message
            }
        }
        if let lost = try await fault?.after() { return lost }
        let results = stored.map { message in
            #"{"message_id":\#(message.id),"date":\#(Int(Date().timeIntervalSince1970)),"chat":\#(Self.chatJSON(chat))}"#
        }
        return Self.ok(method == "sendMediaGroup" ? "[" + results.joined(separator: ",") + "]" : results[0])
    }

    // MARK: - The audience

    /// Someone comments on a channel post in its discussion group (the post's automatic forward
    /// is made there first, as Telegram does). Answers the comment's message id in the group.
    @discardableResult
    public func comment(onPost postID: Int, in channelID: Int64, from user: String, text: String) -> Int {
        lock.withLock {
            guard let channel = chats.first(where: { $0.id == channelID }), let groupID = channel.linkedChatID else { return 0 }
            let group = #"{"id":\#(groupID),"type":"supergroup","title":"\#(channel.title) chat"}"#
            let forwardID: Int
            if let known = forwards[postID] {
                forwardID = known
            } else {
                nextID += 1
                forwardID = nextID
                forwards[postID] = forwardID
            }
            let forward = #"{"message_id":\#(forwardID),"date":\#(Self.now),"chat":\#(group),"is_automatic_forward":true,"# +
                #""forward_origin":{"type":"channel","date":\#(Self.now),"chat":\#(Self.chatJSON(channel)),"message_id":\#(postID)},"text":"…"}"#
            nextID += 1
            let message = #"{"message_id":\#(nextID),"date":\#(Self.now),"chat":\#(group),"from":\#(Self.userJSON(user)),"# +
                #""message_thread_id":\#(forwardID),"reply_to_message":\#(forward),"text":\#(Self.quoted(text))}"#
            appendUpdate(#""message":\#(message)"#)
            audience.insert("\(groupID):\(nextID)")
            return nextID
        }
    }

    /// Someone answers a comment (message `commentID` of the discussion group, in the thread of
    /// channel post `postID`): Telegram carries the comment as `reply_to_message` — without its
    /// own parent — and the thread as `message_thread_id`. Answers the new message's id.
    @discardableResult
    public func answer(comment commentID: Int, onPost postID: Int, in channelID: Int64, from user: String, to author: String,
                       text: String) -> Int {
        lock.withLock {
            guard let channel = chats.first(where: { $0.id == channelID }), let groupID = channel.linkedChatID,
                  let forwardID = forwards[postID] else { return 0 }
            let group = #"{"id":\#(groupID),"type":"supergroup","title":"\#(channel.title) chat"}"#
            let parent = #"{"message_id":\#(commentID),"date":\#(Self.now),"chat":\#(group),"from":\#(Self.userJSON(author)),"# +
                #""message_thread_id":\#(forwardID),"text":"…"}"#
            nextID += 1
            appendUpdate(#""message":{"message_id":\#(nextID),"date":\#(Self.now),"chat":\#(group),"from":\#(Self.userJSON(user)),"# +
                #""message_thread_id":\#(forwardID),"reply_to_message":\#(parent),"text":\#(Self.quoted(text))}"#)
            audience.insert("\(groupID):\(nextID)")
            return nextID
        }
    }

    /// The reactions on a message now, as Telegram reports them to an administrator bot that asked
    /// for `message_reaction_count` (anonymous totals per reaction).
    public func react(to messageID: Int, in chatID: Int64, counts: [String: Int]) {
        lock.withLock {
            guard let chat = chats.first(where: { $0.id == chatID }) else { return }
            let reactions = counts.sorted { $0.key < $1.key }
                .map { #"{"type":{"type":"emoji","emoji":"\#($0.key)"},"total_count":\#($0.value)}"# }.joined(separator: ",")
            appendUpdate(#""message_reaction_count":{"chat":\#(Self.chatJSON(chat)),"message_id":\#(messageID),"date":\#(Self.now),"# +
                #""reactions":[\#(reactions)]}"#, type: "message_reaction_count")
        }
    }

    /// Someone answers one of the bot's messages in a group the bot posts to. Answers the message id.
    @discardableResult
    public func replyInGroup(to messageID: Int, in chatID: Int64, from user: String, text: String) -> Int {
        lock.withLock {
            nextID += 1
            let group = #"{"id":\#(chatID),"type":"group","title":"Group"}"#
            let parent = #"{"message_id":\#(messageID),"date":\#(Self.now),"chat":\#(group),"from":{"id":\#(botID),"is_bot":true,"first_name":"Herald"},"text":"…"}"#
            appendUpdate(#""message":{"message_id":\#(nextID),"date":\#(Self.now),"chat":\#(group),"from":\#(Self.userJSON(user)),"reply_to_message":\#(parent),"text":\#(Self.quoted(text))}"#)
            return nextID
        }
    }

    /// Someone writes to the bot in a private chat (which the bot may then write to). Answers the message id.
    @discardableResult
    public func directMessage(from user: String, text: String) -> Int {
        lock.withLock {
            let id = Int64(Self.userID(user))
            if !chats.contains(where: { $0.id == id }) {
                chats.append(Chat(id: id, username: user, title: user, type: "private", botStatus: "member"))
            }
            nextID += 1
            let chat = #"{"id":\#(Self.userID(user)),"type":"private","first_name":"\#(user)","username":"\#(user)"}"#
            appendUpdate(#""message":{"message_id":\#(nextID),"date":\#(Self.now),"chat":\#(chat),"from":\#(Self.userJSON(user)),"text":\#(Self.quoted(text))}"#)
            audience.insert("\(id):\(nextID)")
            return nextID
        }
    }

    /// A message in a chat that has nothing to do with any channel of the emulator's.
    public func strayMessage(in chatID: Int64, text: String) {
        lock.withLock {
            nextID += 1
            appendUpdate(#""message":{"message_id":\#(nextID),"date":\#(Self.now),"chat":{"id":\#(chatID),"type":"group","title":"Elsewhere"},"from":\#(Self.userJSON("someone")),"text":\#(Self.quoted(text))}"#)
        }
    }

    /// Replies the bot sent (`reply_parameters`), as (chat, replied-to message, text).
    public var replies: [(chat: Int64, to: Int, text: String)] { lock.withLock { repliesSent } }
    private var repliesSent: [(chat: Int64, to: Int, text: String)] = []

    private func appendUpdate(_ body: String, type: String = "message") {
        nextUpdate += 1
        updates.append((nextUpdate, type, #"{"update_id":\#(nextUpdate),\#(body)}"#))
    }

    /// Updates from `offset` on; those before it are confirmed and forgotten, as Telegram does.
    private func updatesAnswer(offset: Int?, limit: Int) -> Response {
        let page: [String] = lock.withLock {
            if let offset { updates.removeAll { $0.id < offset } }
            // Types the bot did not ask for are never delivered.
            let wanted = allowedUpdates.flatMap { $0.isEmpty ? nil : $0 }
            updates.removeAll { update in wanted.map { !$0.contains(update.type) } ?? Self.optInUpdates.contains(update.type) }
            return updates.prefix(max(1, min(100, limit))).map(\.json)
        }
        return Self.ok("[" + page.joined(separator: ",") + "]")
    }

    static var now: Int { Int(Date().timeIntervalSince1970) }
    /// The id Telegram gives `name` (and their private chat with the bot).
    public static func userID(_ name: String) -> Int { 100_000 + Int(name.unicodeScalars.reduce(UInt32(7)) { ($0 &* 31 &+ $1.value) % 900_000 }) }
    static func userJSON(_ name: String) -> String { #"{"id":\#(userID(name)),"is_bot":false,"first_name":"\#(name)","username":"\#(name)"}"# }
    static func quoted(_ text: String) -> String {
        (try? JSONEncoder().encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }

    /// A reply by the bot in a private chat or a discussion group (chats the emulator knows only
    /// from the audience's messages).
    private func replyAnswer(_ params: [String: String], _ reply: String) -> Response? {
        struct Parameters: Decodable { var message_id: Int }
        // Replies in private chats and in groups the emulator does not model as channels.
        guard let chatID = params["chat_id"].flatMap(Int64.init), chat(params["chat_id"]).map({ $0.type == "private" }) ?? true else { return nil }
        guard let target = try? JSONDecoder().decode(Parameters.self, from: Data(reply.utf8)) else {
            return Self.failure(400, "Bad Request: can't parse reply parameters JSON object")
        }
        let text = params["text"] ?? ""
        guard !text.isEmpty, text.utf16.count <= 4096 else { return Self.failure(400, "Bad Request: message text is empty or too long") }
        let id: Int = lock.withLock {
            repliesSent.append((chatID, target.message_id, text))
            nextID += 1
            return nextID
        }
        return Self.ok(#"{"message_id":\#(id),"date":\#(Self.now),"chat":{"id":\#(chatID),"type":"private"},"text":\#(Self.quoted(text))}"#)
    }

    private func chat(_ id: String?) -> Chat? {
        guard let id else { return nil }
        return lock.withLock {
            chats.first { chat in
                id.hasPrefix("@") ? chat.username.map { "@" + $0 } == id : String(chat.id) == id
            }
        }
    }

    /// Parameters from a JSON body, a form or a multipart form, as strings (JSON values re-encoded).
    static func parameters(_ req: Request) -> [String: String] {
        var result: [String: String] = [:]
        if req.headers.contentType == .json, let body = req.body.data,
           let object = try? JSONDecoder().decode([String: AnyJSON].self, from: Data(buffer: body)) {
            for (key, value) in object { result[key] = value.text }
        } else if let form = try? req.content.decode([String: String].self) {
            result = form
        }
        for (key, value) in req.query.allFields() { result[key] = result[key] ?? value }
        return result
    }

    static func file(_ req: Request, _ name: String) -> File? {
        guard req.headers.contentType?.type == "multipart" else { return nil }
        return try? req.content.get(File.self, at: name)
    }

    static func count(_ entities: String?) -> Int {
        guard let entities, let list = try? JSONSerialization.jsonObject(with: Data(entities.utf8)) as? [Any] else { return 0 }
        return list.count
    }

    static func chatJSON(_ chat: Chat) -> String {
        let username = chat.username.map { #","username":"\#($0)""# } ?? ""
        let linked = chat.linkedChatID.map { #","linked_chat_id":\#($0)"# } ?? ""
        return #"{"id":\#(chat.id),"type":"\#(chat.type)","title":"\#(chat.title)"\#(username)\#(linked)}"#
    }

    static func ok(_ result: String) -> Response { json(200, #"{"ok":true,"result":\#(result)}"#) }

    static func failure(_ code: Int, _ description: String) -> Response {
        json(code, #"{"ok":false,"error_code":\#(code),"description":"\#(description)"}"#)
    }

    static func json(_ code: Int, _ body: String) -> Response {
        Response(status: HTTPResponseStatus(statusCode: code), headers: ["Content-Type": "application/json"], body: .init(string: body))
    }
}

/// Any JSON value; scalars read back as Telegram's form fields would carry them, the rest re-encoded.
indirect enum AnyJSON: Codable {
    case string(String), bool(Bool), number(Double), array([AnyJSON]), object([String: AnyJSON]), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([AnyJSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: AnyJSON].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }

    var text: String {
        switch self {
        case .string(let value): value
        case .bool(let value): value ? "true" : "false"
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .null: ""
        case .array, .object: (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }
}

private extension URLQueryContainer {
    func allFields() -> [String: String] { (try? decode([String: String].self)) ?? [:] }
}
