import Foundation
import Vapor

/// A Mastodon server on loopback that speaks the publishing subset of the API:
/// `POST /api/v1/statuses` with `Idempotency-Key` (a repeated key returns the stored status
/// instead of posting again, as Mastodon does for an hour) and `media_ids`, `POST /api/v2/media`
/// (multipart; images are ready at once, video answers 202 until fetched once with
/// `GET /api/v1/media/:id`), `GET /api/v1/accounts/verify_credentials`, `GET /api/v2/instance`,
/// `GET /api/v1/accounts/:id/statuses` (newest first, `limit` and `max_id`, content as Mastodon
/// renders it: HTML paragraphs, line breaks, links with invisible spans). `honoursIdempotencyKey =
/// false` makes it a server that ignores `Idempotency-Key`, as other Mastodon-API servers do and
/// Mastodon itself after an hour.
/// Switches make the next status requests slow, rate-limited (429 with Retry-After), failing
/// (503), answer only after the client has given up (the status is stored first: "timeout after
/// store"), or drop the connection before or after storing (the response head goes out, then
/// the connection is torn down with no body).
public final class MastodonEmulator: @unchecked Sendable {
    public struct Status: Sendable, Equatable {
        public var id: String
        public var text: String
        public var idempotencyKey: String?
        public var visibility: String
        /// When the emulator stored it (sent back as `created_at`).
        public var createdAt: Date
        public var mediaIDs: [String] = []
        /// The status it replies to (a first comment).
        public var inReplyToID: String?
        /// Who wrote it: the account itself ("herald") or someone of its audience.
        public var author: String = "herald"
        public var favourites = 0
        public var reblogs = 0
    }

    public struct Media: Sendable, Equatable {
        public var id: String
        public var fileName: String
        public var mimeType: String
        public var bytes: Int
        public var description: String?
        /// Video is "processing" until fetched once.
        public var ready: Bool
    }

    public typealias Fault = EmulatorFault

    let lock = NSLock()
    var statuses: [Status] = []
    private var byKey: [String: Int] = [:]
    private var media: [String: Media] = [:]
    private var faults: [Fault] = []
    private var requestCount = 0
    private var concurrent = 0
    private var peakConcurrent = 0
    public var latency: Duration = .zero
    /// A status request waits (up to 10 s) until this many status requests have arrived: two
    /// senders that overlap for certain, whatever the machine's load.
    public var holdStatusesUntil = 0
    /// Mention notifications (replies to the account's statuses, mentions, direct messages), oldest first.
    var notifications: [(id: Int, statusID: String)] = []
    /// The account's follower count (under `lock`).
    var followers = 0
    /// `GET /api/v1/statuses/:id` answered so far, and after how many the server says 429 with
    /// `Retry-After` (its rate limit, as a real server counts an account's requests; under `lock`).
    var statusReads = 0
    /// Statuses deleted since they were made (kept in `statuses` so that ids and indices stay; under `lock`).
    var deletedStatuses: Set<String> = []
    /// How many statuses answer each status, by its id (under `lock`): a status's JSON carries its
    /// reply count, and counting the whole list for each answer made a burst quadratic.
    var replyCounts: [String: Int] = [:]
    /// Statuses the account favourited (under `lock`).
    var favouritedByUs: Set<String> = []
    /// Accounts of the audience that follow the server's account, by name (under `lock`).
    var followingUs: Set<String> = []
    var statusReadLimit: (allowed: Int, retryAfter: Int)?
    /// False: every request makes a new status, whatever its `Idempotency-Key`.
    public var honoursIdempotencyKey = true
    /// OAuth (see MastodonEmulator+OAuth): registered apps, codes handed out, tokens issued (under `lock`).
    var oauthApps: [String: OAuthAppRecord] = [:]
    var oauthCodes: [String: OAuthCode] = [:]
    var issuedTokens: Set<String> = []
    /// What `/api/v2/instance` reports as the longest status (servers raise it; 500 is Mastodon's default).
    public var maxCharacters = 500
    /// What the person does on the approval page: approve (the default) or deny.
    public var approves = true
    /// The server's clock (tests that run at a fixed time set it).
    public var clock: @Sendable () -> Date = { Date() }
    public let token: String
    var app: Application?
    public private(set) var baseURL = ""

    public init(token: String = "emulator-token") {
        self.token = token
    }

    public var posted: [Status] { lock.withLock { statuses } }
    public var uploads: [Media] { lock.withLock { media.values.sorted { $0.id < $1.id } } }
    public var requests: Int { lock.withLock { requestCount } }
    /// The most status requests it was answering at one time.
    public var peakConcurrentRequests: Int { lock.withLock { peakConcurrent } }
    public func inject(_ fault: Fault) { lock.withLock { faults.append(fault) } }
    /// Forgets every upload, as Mastodon does with media left unattached for a while.
    public func forgetUploads() { lock.withLock { media.removeAll() } }

    /// Starts on a free loopback port.
    public func start() async throws {
        (app, baseURL) = try await Loopback.start { app in try self.routes(app) }
    }

    private func routes(_ app: Application) throws {
        app.get("api", "v1", "accounts", "verify_credentials") { [weak self] req async throws -> Response in
            guard let self else { throw Abort(.serviceUnavailable) }
            if let refusal = self.refusal(req) { return refusal }
            let (followers, posts) = self.lock.withLock { (self.followers, self.statuses.filter { $0.author == "herald" }.count) }
            return Self.json(.ok, #"{"id":"1","username":"herald","acct":"herald","followers_count":\#(followers),"following_count":3,"statuses_count":\#(posts)}"#)
        }
        app.get("api", "v1", "accounts", ":id", "statuses") { [weak self] req async throws -> Response in
            guard let self else { throw Abort(.serviceUnavailable) }
            if let refusal = self.refusal(req) { return refusal }
            let limit = min(40, max(1, (try? req.query.get(Int.self, at: "limit")) ?? 20))
            let maxID = (try? req.query.get(String.self, at: "max_id")).flatMap(Int.init)
            let page: [Status] = self.lock.withLock {
                Array(self.statuses.reversed().filter { status in maxID.map { (Int(status.id) ?? 0) < $0 } ?? true }.prefix(limit))
            }
            return Self.json(.ok, "[" + page.map { self.statusJSON($0) }.joined(separator: ",") + "]")
        }
        app.get("api", "v1", "statuses", ":id", "context") { [weak self] req async throws -> Response in
            guard let self else { throw Abort(.serviceUnavailable) }
            if let refusal = self.refusal(req) { return refusal }
            let id = req.parameters.get("id") ?? ""
            let replies: [Status]? = self.lock.withLock {
                self.statuses.contains { $0.id == id } ? self.statuses.filter { $0.inReplyToID == id } : nil
            }
            guard let replies else { return Self.error(.notFound, "Record not found") }
            return Self.json(.ok, #"{"ancestors":[],"descendants":["# + replies.map { self.statusJSON($0) }.joined(separator: ",") + "]}")
        }
        audienceRoutes(app)
        oauthRoutes(app)
        app.get("api", "v2", "instance") { [weak self] req async throws -> Response in
            guard let self else { throw Abort(.serviceUnavailable) }
            let limit = self.lock.withLock { self.maxCharacters }
            let body = #"{"domain":"emulator.local","configuration":{"statuses":{"max_characters":\#(limit),"max_media_attachments":4,"characters_reserved_per_url":23},"media_attachments":{"image_size_limit":16777216,"video_size_limit":103809024,"description_limit":1500}}}"#
            return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: body))
        }
        app.on(.POST, "api", "v1", "statuses", body: .collect(maxSize: "1mb")) { [weak self] req async throws -> Response in
            guard let self else { throw Abort(.serviceUnavailable) }
            return try await self.postStatus(req)
        }
        app.on(.POST, "api", "v2", "media", body: .collect(maxSize: "64mb")) { [weak self] req async throws -> Response in
            guard let self else { throw Abort(.serviceUnavailable) }
            return try self.uploadMedia(req)
        }
        app.get("api", "v1", "media", ":id") { [weak self] req async throws -> Response in
            guard let self else { throw Abort(.serviceUnavailable) }
            if let refusal = self.refusal(req) { return refusal }
            let id = req.parameters.get("id") ?? ""
            let found: Media? = self.lock.withLock {
                guard var item = self.media[id] else { return nil }
                item.ready = true
                self.media[id] = item
                return item
            }
            guard let found else { return Self.error(.notFound, "Record not found") }
            return Self.json(.ok, Self.mediaJSON(found, baseURL: self.baseURL))
        }
    }

    public func stop() async {
        await Loopback.stop(app)
        app = nil
    }

    /// Mastodon's 401 when the request does not carry the emulator's token, else nil.
    func refusal(_ req: Request) -> Response? {
        guard let presented = req.headers.bearerAuthorization?.token else { return Self.error(.unauthorized, "The access token is invalid") }
        return presented == token || lock.withLock({ issuedTokens.contains(presented) }) ? nil
            : Self.error(.unauthorized, "The access token is invalid")
    }

    private func postStatus(_ req: Request) async throws -> Response {
        lock.withLock {
            requestCount += 1
            concurrent += 1
            peakConcurrent = max(peakConcurrent, concurrent)
        }
        defer { lock.withLock { concurrent -= 1 } }
        if latency > .zero { try await Task.sleep(for: latency) }
        for _ in 0..<1000 where lock.withLock({ requestCount < holdStatusesUntil }) { try await Task.sleep(for: .milliseconds(10)) }
        if let refusal = refusal(req) { return refusal }
        let fault: Fault? = lock.withLock { faults.isEmpty ? nil : faults.removeFirst() }
        let refused = fault?.before(rateLimited: { seconds in
            let response = Self.error(.tooManyRequests, "Too many requests")
            response.headers.replaceOrAdd(name: "Retry-After", value: String(seconds))
            return response
        }, unavailable: { Self.error(.serviceUnavailable, "Service unavailable") })
        if let refused { return refused }
        struct Body: Decodable {
            var status: String?
            var visibility: String?
            var sensitive: Bool?
            var spoiler_text: String?
            var language: String?
            var media_ids: [String]?
            var in_reply_to_id: String?
        }
        let body = try req.content.decode(Body.self)
        guard let text = body.status, !text.isEmpty else { return Self.error(.unprocessableEntity, "Validation failed: Text can't be blank") }
        let limit = lock.withLock { maxCharacters }
        guard text.count <= limit else { return Self.error(.unprocessableEntity, "Validation failed: Text character limit of \(limit) exceeded") }
        let mediaIDs = body.media_ids ?? []
        guard mediaIDs.count <= 4 else { return Self.error(.unprocessableEntity, "Validation failed: too many attachments") }
        if let parent = body.in_reply_to_id, lock.withLock({ !statuses.contains { $0.id == parent } }) {
            return Self.error(.notFound, "Record not found")
        }
        let missing: String? = lock.withLock { mediaIDs.first { media[$0] == nil } }
        if let missing { return Self.error(.unprocessableEntity, "Validation failed: media \(missing) not found") }
        let processing: String? = lock.withLock { mediaIDs.first { media[$0]?.ready == false } }
        if processing != nil {
            return Self.error(.unprocessableEntity, "Cannot attach files that have not finished processing. Try again in a moment!")
        }
        let key = req.headers.first(name: "Idempotency-Key")
        let status: Status = lock.withLock {
            if honoursIdempotencyKey, let key, let index = byKey[key] { return statuses[index] }
            let status = Status(id: String(100_000 + statuses.count), text: text, idempotencyKey: key,
                                visibility: body.visibility ?? "public", createdAt: clock(), mediaIDs: mediaIDs,
                                inReplyToID: body.in_reply_to_id)
            statuses.append(status)
            if let parent = status.inReplyToID { replyCounts[parent, default: 0] += 1 }
            if let key { byKey[key] = statuses.count - 1 }
            return status
        }
        if let lost = try await fault?.after() { return lost }
        return Self.json(.ok, statusJSON(status))
    }

    /// A status as Mastodon answers it (the fields Herald reads). Written by hand: encoding it with
    /// `JSONEncoder` for every status of a burst was a visible share of the benchmark's CPU, which the
    /// emulator shares with the engine it measures (a real server runs elsewhere).
    func statusJSON(_ status: Status) -> String {
        let (parentAuthor, replies) = lock.withLock {
            (status.inReplyToID.flatMap { id in statuses.first { $0.id == id }?.author },
             replyCounts[status.id] ?? 0)
        }
        let q = Self.quoted
        var fields = [
            "\"id\":\(q(status.id))", "\"url\":\(q("\(baseURL)/@\(status.author)/\(status.id)"))",
            "\"created_at\":\(q(status.createdAt.formatted(Self.timestamp)))", "\"content\":\(q(Self.html(status.text)))",
            "\"visibility\":\(q(status.visibility))",
            "\"media_attachments\":[\(status.mediaIDs.map { "{\"id\":\(q($0)),\"type\":\"image\"}" }.joined(separator: ","))]",
        ]
        if let parent = status.inReplyToID { fields.append("\"in_reply_to_id\":\(q(parent))") }
        if let parentAuthor { fields.append("\"in_reply_to_account_id\":\(q(Self.accountID(parentAuthor)))") }
        fields.append("\"account\":{\"id\":\(q(Self.accountID(status.author))),\"username\":\(q(status.author)),\"acct\":\(q(status.author)),"
                      + "\"display_name\":\(q(status.author.capitalized))}")
        fields.append("\"favourites_count\":\(status.favourites),\"reblogs_count\":\(status.reblogs),\"replies_count\":\(replies)")
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A status's text as Mastodon renders it: escaped, paragraphs and line breaks, and links
    /// split into visible and invisible parts.
    public static func html(_ text: String) -> String {
        // One pass (five `replacingOccurrences` per word were a tenth of a publishing burst's CPU).
        func escape(_ text: Substring) -> String {
            guard text.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" || $0 == "\"" || $0 == "'" }) else { return String(text) }
            var escaped = ""
            escaped.reserveCapacity(text.utf8.count + 16)
            for character in text {
                switch character {
                case "&": escaped += "&amp;"
                case "<": escaped += "&lt;"
                case ">": escaped += "&gt;"
                case "\"": escaped += "&quot;"
                case "'": escaped += "&#39;"
                default: escaped.append(character)
                }
            }
            return escaped
        }
        func line(_ line: Substring) -> String {
            line.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
                guard word.hasPrefix("https://") || word.hasPrefix("http://") else { return escape(word) }
                let scheme = word.hasPrefix("https://") ? "https://" : "http://"
                let rest = word.dropFirst(scheme.count)
                return #"<a href="\#(escape(word))" rel="nofollow noopener" target="_blank"><span class="invisible">\#(scheme)</span>"#
                    + #"<span class="ellipsis">\#(escape(rest.prefix(30)))</span><span class="invisible">\#(escape(rest.dropFirst(30)))</span></a>"#
            }.joined(separator: " ")
        }
        return text.components(separatedBy: "\n\n").map { paragraph in
            "<p>" + paragraph.split(separator: "\n", omittingEmptySubsequences: false).map(line).joined(separator: "<br />") + "</p>"
        }.joined()
    }

    static let timestamp = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    private func uploadMedia(_ req: Request) throws -> Response {
        if let refusal = refusal(req) { return refusal }
        struct Upload: Decodable {
            var file: File?
            var description: String?
        }
        guard req.headers.contentType?.type == "multipart", let upload = try? req.content.decode(Upload.self),
              let file = upload.file, file.data.readableBytes > 0 else {
            return Self.error(.unprocessableEntity, "Validation failed: File can't be blank")
        }
        guard let type = file.contentType, ["image", "video"].contains(type.type) else {
            return Self.error(.unprocessableEntity, "Validation failed: File content type is invalid")
        }
        if let description = upload.description, description.count > 1500 {
            return Self.error(.unprocessableEntity, "Validation failed: Description is too long (maximum is 1500 characters)")
        }
        let item: Media = lock.withLock {
            let item = Media(id: String(200_000 + media.count), fileName: file.filename, mimeType: "\(type.type)/\(type.subType)",
                             bytes: file.data.readableBytes, description: upload.description, ready: type.type == "image")
            media[item.id] = item
            return item
        }
        return Self.json(item.ready ? .ok : .accepted, Self.mediaJSON(item, baseURL: baseURL))
    }

    static func mediaJSON(_ item: Media, baseURL: String) -> String {
        struct Body: Encodable {
            var id: String
            var type: String
            var url: String?
            var description: String?
        }
        let body = Body(id: item.id, type: item.mimeType.hasPrefix("video") ? "video" : "image",
                        url: item.ready ? "\(baseURL)/media/\(item.id)" : nil, description: item.description)
        return String(decoding: (try? JSONEncoder().encode(body)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func json(_ status: HTTPResponseStatus, _ body: String) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json"], body: .init(string: body))
    }

    static func error(_ status: HTTPResponseStatus, _ message: String) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json"],
                 body: .init(string: #"{"error":"\#(message)"}"#))
    }
}
