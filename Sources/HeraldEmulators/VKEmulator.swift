import Foundation
import Vapor

/// The VK API on loopback for one community and its token: `groups.getById`, `groups.getMembers`,
/// `groups.getTokenPermissions`, `photos.getWallUploadServer` (+ the upload address),
/// `photos.saveWallPhoto`, `wall.post` (with `guid`), `wall.get`, `wall.getById`,
/// `wall.createComment`, `wall.getComments`, `wall.delete`, `groups.getLongPollServer` (+ `a_check`),
/// `messages.send`. Answers as VK does: `{"response":…}` or
/// `{"error":{"error_code":…,"error_msg":…,"request_params":[…]}}`, with VK's limits (16,384
/// characters, 10 attachments). VK remembers a post's `guid` only briefly; `remembersGuid = false`
/// makes it forget at once (every accepted `wall.post` is a new post). Switches make the next wall
/// posts rate-limited (error 9), failing (HTTP 502), answered only after the client gave up
/// (stored first), or dropped; `captchaNext` answers error 14.
public final class VKEmulator: @unchecked Sendable {
    public struct WallPost: Sendable, Equatable {
        public var id: Int
        public var text: String
        public var attachments: [String]
        public var guid: String?
        public var date: Int
        public var signed: Bool
        public var closedComments: Bool
        public var likes = 0, reposts = 0, views = 0
        public var pinned = false
    }

    public struct Comment: Sendable, Equatable {
        public var id: Int
        public var postID: Int
        public var fromID: Int
        public var text: String
        public var replyTo: Int?
        public var date: Int
    }

    public typealias Fault = EmulatorFault

    let lock = NSLock()
    public let groupID: Int
    public let screenName: String
    public let name: String
    public let token: String
    /// The rights the token has (`groups.getTokenPermissions`).
    public var rights: [String] = ["wall", "photos", "manage", "messages"]
    public var members = 4_200
    /// People who are members of the community (for `groups.isMember`).
    public var memberIDs: Set<Int> = []
    public var remembersGuid = true
    public var captchaNext = false
    private var posts: [WallPost] = []
    private var comments: [Comment] = []
    private var uploads: [String: Data] = [:]
    private var savedPhotos: [Int] = []
    private var events: [(ts: Int, json: String)] = []
    private var messagesSent: [(peer: Int, text: String, randomID: Int)] = []
    private var faults: [Fault] = []
    /// The Callback API server registered (address and secret key) and the events it gets.
    private var callback: (url: String, secret: String?)?
    private var callbackEvents: Set<String> = []
    public var callbackServer: (url: String, secret: String?, events: Set<String>)? {
        lock.withLock { callback.map { ($0.url, $0.secret, callbackEvents) } }
    }
    public let confirmationCode = "a1b2c3d4"
    // VK ID (VKEmulator+ID): the app, whether the person approves, and what was issued.
    public let idClientID = "51000001"
    public var approves = true
    public var idTokenLifetime: TimeInterval = 3600
    /// The person's place in the community: 0 none, 1 moderator, 2 editor, 3 administrator.
    public var userAdminLevel = 3
    var idCodes: [String: IDCode] = [:]
    var userTokens: [String: Date] = [:]
    var refreshTokens: [String: String] = [:]
    /// Refresh tokens exchanged so far.
    public internal(set) var refreshes = 0
    private var nextID = 1000
    private var ts = 1
    var app: Application?
    public private(set) var baseURL = ""

    public init(groupID: Int = 218_000_111, screenName: String = "herald_vk", name: String = "Herald ВКонтакте",
                token: String = "vk1.a.community-token") {
        self.groupID = groupID
        self.screenName = screenName
        self.name = name
        self.token = token
    }

    public var wall: [WallPost] { lock.withLock { posts } }
    public var allComments: [Comment] { lock.withLock { comments } }
    public var sentMessages: [(peer: Int, text: String, randomID: Int)] { lock.withLock { messagesSent } }
    public var photosSaved: Int { lock.withLock { savedPhotos.count } }
    public func inject(_ fault: Fault) { lock.withLock { faults.append(fault) } }

    public func start() async throws {
        (app, baseURL) = try await Loopback.start { app in
            app.on(.POST, "method", ":method", body: .collect(maxSize: "1mb")) { [weak self] req in guard let self else { throw Abort(.serviceUnavailable) }; return try await self.handle(req) }
            app.on(.POST, "upload", "photo", body: .collect(maxSize: "64mb")) { [weak self] req in guard let self else { throw Abort(.serviceUnavailable) }; return self.upload(req) }
            app.get("longpoll") { [weak self] req in guard let self else { throw Abort(.serviceUnavailable) }; return self.longPoll(req) }
            self.idRoutes(app)
        }
    }

    public func stop() async {
        await Loopback.stop(app)
        app = nil
    }

    // MARK: - The audience

    /// Someone comments under a post; answers the comment's id.
    @discardableResult
    public func comment(onPost postID: Int, from user: Int, text: String) -> Int {
        lock.withLock {
            nextID += 1
            let comment = Comment(id: nextID, postID: postID, fromID: user, text: text, replyTo: nil, date: Self.now)
            comments.append(comment)
            event(#"{"type":"wall_reply_new","object":{"id":\#(comment.id),"from_id":\#(user),"date":\#(comment.date),"text":\#(Self.quoted(text)),"post_id":\#(postID),"owner_id":\#(-groupID)},"group_id":\#(groupID)}"#)
            return comment.id
        }
    }

    /// The author deletes their comment: VK sends `wall_reply_delete`.
    public func deleteComment(_ commentID: Int) {
        lock.withLock {
            guard let index = comments.firstIndex(where: { $0.id == commentID }) else { return }
            let comment = comments.remove(at: index)
            event(#"{"type":"wall_reply_delete","object":{"owner_id":\#(-groupID),"id":\#(comment.id),"deleter_id":\#(comment.fromID),"post_id":\#(comment.postID)},"group_id":\#(groupID)}"#)
        }
    }

    /// Someone writes to the community; answers the message's id.
    @discardableResult
    public func message(from user: Int, text: String) -> Int {
        lock.withLock {
            nextID += 1
            event(#"{"type":"message_new","object":{"message":{"id":\#(nextID),"date":\#(Self.now),"peer_id":\#(user),"from_id":\#(user),"text":\#(Self.quoted(text))}},"group_id":\#(groupID)}"#)
            return nextID
        }
    }

    /// Likes, reposts and views on a post.
    public func react(postID: Int, likes: Int, reposts: Int, views: Int) {
        lock.withLock {
            guard let index = posts.firstIndex(where: { $0.id == postID }) else { return }
            posts[index].likes = likes
            posts[index].reposts = reposts
            posts[index].views = views
        }
    }

    private func event(_ json: String) {
        ts += 1
        events.append((ts, json))
    }

    // MARK: - Requests

    private func handle(_ req: Request) async throws -> Response {
        let method = req.parameters.get("method") ?? ""
        let params = (try? req.content.decode([String: String].self)) ?? [:]
        let asUser = lock.withLock { userTokens[params["access_token"] ?? ""].map { $0 > Date() } }
        if asUser == false { return Self.error(5, "User authorization failed: access_token has expired.", method) }
        guard params["access_token"] == token || asUser == true else {
            return Self.error(5, "User authorization failed: invalid access_token (4).", method)
        }
        guard params["v"] != nil else { return Self.error(8, "Invalid request: v is required", method) }
        let owner = -groupID
        switch method {
        case "groups.getById":
            let wanted = params["group_id"] ?? ""
            guard wanted == String(groupID) || wanted == screenName || wanted == "club\(groupID)" else {
                return Self.error(100, "One of the parameters specified was missing or invalid: group_ids is undefined", method)
            }
            // A person's token says whether they manage the community when asked for it.
            let admin = asUser == true && (params["fields"] ?? "").contains("is_admin")
                ? #","is_admin":\#(userAdminLevel > 0 ? 1 : 0)\#(userAdminLevel > 0 ? #","admin_level":\#(userAdminLevel)"# : "")"# : ""
            return Self.ok(#"{"groups":[{"id":\#(groupID),"name":\#(Self.quoted(name)),"screen_name":"\#(screenName)","type":"group"\#(admin)}],"profiles":[]}"#)
        case "groups.getMembers":
            guard params["group_id"] == String(groupID) else {
                return Self.error(100, "One of the parameters specified was missing or invalid: group_id is undefined", method)
            }
            if params["filter"] == "managers" {
                // The person who signed in with VK ID (user 1234567), in the place `userAdminLevel` gives them.
                let roles = [1: "moderator", 2: "editor", 3: "administrator"]
                let manager = roles[userAdminLevel].map { #"{"id":1234567,"role":"\#($0)"}"# } ?? ""
                return Self.ok(#"{"count":\#(manager.isEmpty ? 0 : 1),"items":[\#(manager)]}"#)
            }
            return Self.ok(#"{"count":\#(lock.withLock { members }),"items":[]}"#)
        case "groups.isMember":
            guard params["group_id"] == String(groupID) else {
                return Self.error(100, "One of the parameters specified was missing or invalid: group_id is undefined", method)
            }
            let users = (params["user_ids"] ?? "").split(separator: ",").compactMap { Int($0) }
            guard !users.isEmpty else { return Self.error(100, "One of the parameters specified was missing or invalid: user_ids is undefined", method) }
            let members = lock.withLock { memberIDs }
            return Self.ok("[" + users.map { #"{"member":\#(members.contains($0) ? 1 : 0),"user_id":\#($0)}"# }.joined(separator: ",") + "]")
        case "groups.addCallbackServer":
            guard lock.withLock({ rights.contains("manage") }) else { return Self.error(15, "Access denied: no access to call this method", method) }
            guard let url = params["url"], !url.isEmpty else {
                return Self.error(100, "One of the parameters specified was missing or invalid: url is undefined", method)
            }
            guard (params["secret_key"] ?? "").count <= 50 else {
                return Self.error(100, "One of the parameters specified was missing or invalid: secret_key is too long", method)
            }
            lock.withLock { callback = (url, params["secret_key"]) }
            return Self.ok(#"{"server_id":3}"#)
        case "groups.setCallbackSettings":
            guard params["server_id"] == "3" else { return Self.error(100, "One of the parameters specified was missing or invalid: server_id", method) }
            lock.withLock { callbackEvents = Set(["wall_reply_new", "wall_reply_delete", "message_new"].filter { params[$0] == "1" }) }
            return Self.ok("1")
        case "groups.getCallbackConfirmationCode":
            return Self.ok(#"{"code":"\#(confirmationCode)"}"#)
        case "groups.getTokenPermissions":
            if asUser == true { return Self.error(15, "Access denied: this method is available only with group auth", method) }
            let list = lock.withLock { rights }.enumerated().map { #"{"setting":\#(1 << $0.offset),"name":"\#($0.element)"}"# }
            return Self.ok(#"{"mask":0,"permissions":[\#(list.joined(separator: ","))]}"#)
        case "photos.getWallUploadServer":
            guard lock.withLock({ rights.contains("photos") }) else { return Self.error(15, "Access denied: no access to call this method", method) }
            return Self.ok(#"{"upload_url":"\#(baseURL)/upload/photo?gid=\#(groupID)","album_id":-14,"user_id":0}"#)
        case "photos.saveWallPhoto":
            guard let photo = params["photo"], lock.withLock({ uploads[photo] != nil }), params["hash"] == Self.hash(photo) else {
                return Self.error(100, "One of the parameters specified was missing or invalid: photo is undefined", method)
            }
            let id: Int = lock.withLock {
                nextID += 1
                savedPhotos.append(nextID)
                return nextID
            }
            return Self.ok(#"[{"id":\#(id),"owner_id":\#(owner),"album_id":-14,"date":\#(Self.now)}]"#)
        case "wall.post":
            return try await post(params, method)
        case "wall.get":
            let offset = params["offset"].flatMap(Int.init) ?? 0, count = min(100, params["count"].flatMap(Int.init) ?? 20)
            let page = lock.withLock { Array(posts.reversed().dropFirst(offset).prefix(count)) }
            let total = lock.withLock { posts.count }
            return Self.ok(#"{"count":\#(total),"items":[\#(page.map { self.postJSON($0) }.joined(separator: ","))]}"#)
        case "wall.getById":
            let wanted = Set((params["posts"] ?? "").split(separator: ",").map(String.init))
            let found = lock.withLock { posts.filter { wanted.contains("\(owner)_\($0.id)") } }
            return Self.ok(#"{"items":[\#(found.map { self.postJSON($0) }.joined(separator: ","))]}"#)
        case "wall.edit":
            let id = params["post_id"].flatMap(Int.init) ?? 0
            let text = params["message"] ?? ""
            let attachments = (params["attachments"] ?? "").split(separator: ",").map(String.init)
            let found: Bool = lock.withLock {
                guard let index = posts.firstIndex(where: { $0.id == id }) else { return false }
                posts[index].text = text
                posts[index].attachments = attachments
                return true
            }
            return found ? Self.ok(#"{"post_id":\#(id)}"#) : Self.error(100, "One of the parameters specified was missing or invalid: post_id is undefined", method)
        case "stats.getPostReach":
            guard lock.withLock({ rights.contains("stats") }) else { return Self.error(15, "Access denied: no access to call this method", method) }
            let ids = (params["post_ids"] ?? "").split(separator: ",").compactMap { Int($0) }
            let found = lock.withLock { posts.filter { ids.contains($0.id) } }
            return Self.ok("[" + found.map { #"{"post_id":\#($0.id),"reach_total":\#($0.views * 2),"reach_subscribers":\#($0.views)}"# }
                .joined(separator: ",") + "]")
        case "wall.pin":
            let id = params["post_id"].flatMap(Int.init) ?? 0
            let found: Bool = lock.withLock {
                guard posts.contains(where: { $0.id == id }) else { return false }
                for index in posts.indices { posts[index].pinned = posts[index].id == id }
                return true
            }
            return found ? Self.ok("1") : Self.error(100, "One of the parameters specified was missing or invalid: post_id is undefined", method)
        case "wall.delete":
            let id = params["post_id"].flatMap(Int.init) ?? 0
            let removed: Bool = lock.withLock {
                guard let index = posts.firstIndex(where: { $0.id == id }) else { return false }
                posts.remove(at: index)
                return true
            }
            return removed ? Self.ok("1") : Self.error(100, "One of the parameters specified was missing or invalid: post_id is undefined", method)
        case "wall.createComment":
            guard let postID = params["post_id"].flatMap(Int.init), lock.withLock({ posts.contains { $0.id == postID } }) else {
                return Self.error(100, "One of the parameters specified was missing or invalid: post_id is undefined", method)
            }
            let text = params["message"] ?? ""
            guard !text.isEmpty else { return Self.error(100, "One of the parameters specified was missing or invalid: message is empty", method) }
            let fromID = params["from_group"].flatMap(Int.init).map { -$0 } ?? 1
            let id: Int = lock.withLock {
                nextID += 1
                comments.append(Comment(id: nextID, postID: postID, fromID: fromID, text: text,
                                        replyTo: params["reply_to_comment"].flatMap(Int.init), date: Self.now))
                return nextID
            }
            return Self.ok(#"{"comment_id":\#(id),"parents_stack":[]}"#)
        case "wall.getComments":
            let postID = params["post_id"].flatMap(Int.init) ?? 0
            let list = lock.withLock { comments.filter { $0.postID == postID }.reversed() }
            let items = list.map { #"{"id":\#($0.id),"from_id":\#($0.fromID),"post_id":\#($0.postID),"owner_id":\#(owner),"date":\#($0.date),"text":\#(Self.quoted($0.text))}"# }
            return Self.ok(#"{"count":\#(items.count),"items":[\#(items.joined(separator: ","))]}"#)
        case "groups.getLongPollServer":
            guard lock.withLock({ rights.contains("manage") }) else { return Self.error(15, "Access denied: no access to call this method", method) }
            let now = lock.withLock { ts }
            return Self.ok(#"{"key":"lp-key","server":"\#(baseURL)/longpoll","ts":"\#(now)"}"#)
        case "messages.send":
            guard lock.withLock({ rights.contains("messages") }) else { return Self.error(15, "Access denied: no access to call this method", method) }
            guard let peer = params["peer_id"].flatMap(Int.init), let randomID = params["random_id"].flatMap(Int.init),
                  let text = params["message"], !text.isEmpty else {
                return Self.error(100, "One of the parameters specified was missing or invalid: message is empty", method)
            }
            let id: Int = lock.withLock {
                nextID += 1
                if !messagesSent.contains(where: { $0.randomID == randomID && $0.peer == peer }) { messagesSent.append((peer, text, randomID)) }
                return nextID
            }
            return Self.ok(String(id))
        default:
            return Self.error(3, "Unknown method passed", method)
        }
    }

    private func post(_ params: [String: String], _ method: String) async throws -> Response {
        let fault: Fault? = lock.withLock { faults.isEmpty ? nil : faults.removeFirst() }
        let refused = fault?.before(rateLimited: { _ in Self.error(9, "Flood control", method) },
                                    unavailable: { Response(status: .badGateway, body: .init(string: "<html>502 Bad Gateway</html>")) })
        if let refused { return refused }
        if lock.withLock({ defer { captchaNext = false }; return captchaNext }) { return Self.error(14, "Captcha needed", method) }
        guard params["owner_id"] == String(-groupID), params["from_group"] == "1" else {
            return Self.error(214, "Access to adding post denied: you can only post as the community", method)
        }
        let text = params["message"] ?? ""
        let attachments = (params["attachments"] ?? "").split(separator: ",").map(String.init)
        guard !text.isEmpty || !attachments.isEmpty else { return Self.error(100, "One of the parameters specified was missing or invalid: message is empty or invalid", method) }
        guard text.utf16.count <= 16_384 else { return Self.error(100, "One of the parameters specified was missing or invalid: message is too long", method) }
        guard attachments.count <= 10 else { return Self.error(100, "One of the parameters specified was missing or invalid: too many attachments", method) }
        let known = lock.withLock { savedPhotos }
        for attachment in attachments where attachment.hasPrefix("photo") {
            guard let id = attachment.split(separator: "_").last.flatMap({ Int($0) }), known.contains(id) else {
                return Self.error(100, "One of the parameters specified was missing or invalid: attachments is invalid", method)
            }
        }
        let guid = params["guid"]
        let stored: WallPost = lock.withLock {
            if remembersGuid, let guid, let earlier = posts.first(where: { $0.guid == guid }) { return earlier }
            nextID += 1
            let post = WallPost(id: nextID, text: text, attachments: attachments, guid: guid, date: Self.now,
                                signed: params["signed"] == "1", closedComments: params["close_comments"] == "1")
            posts.append(post)
            return post
        }
        if let lost = try await fault?.after() { return lost }
        return Self.ok(#"{"post_id":\#(stored.id)}"#)
    }

    private func upload(_ req: Request) -> Response {
        guard let file = try? req.content.get(File.self, at: "photo"), file.data.readableBytes > 0 else {
            return Self.json(#"{"server":1,"photo":"[]","hash":"","error":"ERR_UPLOAD_FILE_NOT_UPLOADED: file not uploaded"}"#)
        }
        let key = UUID().uuidString.lowercased()
        lock.withLock { uploads[key] = Data(buffer: file.data) }
        return Self.json(#"{"server":777,"photo":"\#(key)","hash":"\#(Self.hash(key))"}"#)
    }

    private func longPoll(_ req: Request) -> Response {
        guard req.query[String.self, at: "act"] == "a_check", req.query[String.self, at: "key"] == "lp-key" else {
            return Self.json(#"{"failed":2}"#)
        }
        guard let from = req.query[String.self, at: "ts"].flatMap(Int.init) else { return Self.json(#"{"failed":1,"ts":"\#(lock.withLock { ts })"}"#) }
        let (now, pending) = lock.withLock { (ts, events.filter { $0.ts > from }.map(\.json)) }
        return Self.json(#"{"ts":"\#(now)","updates":[\#(pending.joined(separator: ","))]}"#)
    }

    private func postJSON(_ post: WallPost) -> String {
        let attachments = post.attachments.map { attachment -> String in
            attachment.hasPrefix("photo") ? #"{"type":"photo","photo":{"id":\#(attachment.split(separator: "_").last ?? "0")}}"#
                : #"{"type":"link","link":{"url":\#(Self.quoted(attachment))}}"#
        }
        let commentCount = lock.withLock { comments.filter { $0.postID == post.id }.count }
        return #"{"id":\#(post.id),"owner_id":\#(-groupID),"from_id":\#(-groupID),"date":\#(post.date),"text":\#(Self.quoted(post.text)),"attachments":[\#(attachments.joined(separator: ","))],"likes":{"count":\#(post.likes)},"reposts":{"count":\#(post.reposts)},"views":{"count":\#(post.views)},"comments":{"count":\#(commentCount)}}"#
    }

    static var now: Int { Int(Date().timeIntervalSince1970) }
    static func hash(_ key: String) -> String { String(key.reversed()) }
    static func quoted(_ text: String) -> String { (try? JSONEncoder().encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\"" }
    static func ok(_ response: String) -> Response { json(#"{"response":\#(response)}"#) }
    static func json(_ body: String) -> Response { Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: body)) }
    static func error(_ code: Int, _ message: String, _ method: String) -> Response {
        json(#"{"error":{"error_code":\#(code),"error_msg":\#(quoted(message)),"request_params":[{"key":"method","value":"\#(method)"}]}}"#)
    }
}
