import Foundation
import Vapor

/// The account's audience on the emulated server: other accounts reply to its statuses, mention
/// it and write to it directly (each a `mention` notification, as Mastodon sends them), favourite
/// and boost its statuses, and follow it. Read back through `GET /api/v1/notifications` (newest
/// first; `types[]`, `since_id`, `max_id`, `limit`) and `GET /api/v1/statuses/:id` (counts).
extension MastodonEmulator {
    /// Someone writes: a reply when `replyingTo` is given, a direct message when `visibility` is
    /// "direct", else a mention. Returns the new status's id.
    @discardableResult
    public func audienceWrites(_ text: String, from author: String, replyingTo parent: String? = nil,
                               visibility: String = "public") -> String {
        lock.withLock {
            let status = Status(id: String(100_000 + statuses.count), text: text, idempotencyKey: nil, visibility: visibility,
                                createdAt: clock(), inReplyToID: parent, author: author)
            statuses.append(status)
            if let parent { replyCounts[parent, default: 0] += 1 }
            notifications.append((id: 500 + notifications.count, statusID: status.id))
            return status.id
        }
    }

    /// Sets a status's favourites and boosts.
    public func react(to statusID: String, favourites: Int, reblogs: Int) {
        lock.withLock {
            guard let index = statuses.firstIndex(where: { $0.id == statusID }) else { return }
            statuses[index].favourites = favourites
            statuses[index].reblogs = reblogs
        }
    }

    public func setFollowers(_ count: Int) { lock.withLock { followers = count } }

    /// `author` of the audience follows the account from now on (its relationship says `followed_by`).
    public func follows(_ author: String) { lock.withLock { _ = followingUs.insert(author) } }

    /// The account id the emulator gives `author` (as notifications and relationships carry it).
    public func id(of author: String) -> String { Self.accountID(author) }

    /// Whether the account favourited `statusID`.
    public func favouritedByAccount(_ statusID: String) -> Bool { lock.withLock { favouritedByUs.contains(statusID) } }

    /// The author of `statusID` deletes it: reading it answers 404 from now on (ids stay as they were).
    public func audienceDeletes(_ statusID: String) { lock.withLock { _ = deletedStatuses.insert(statusID) } }

    /// Every status gone from the server (taken down by a moderator, say): reads answer 404.
    public func forgetStatuses() { lock.withLock { deletedStatuses.formUnion(statuses.map(\.id)) } }

    /// How many statuses were read one by one (`GET /api/v1/statuses/:id`).
    public var statusReadCount: Int { lock.withLock { statusReads } }

    /// From now on, after `allowed` more status reads the server answers 429 with `Retry-After`; nil lifts it.
    public func limitStatusReads(after allowed: Int?, retryAfter: Int = 300) {
        lock.withLock { statusReadLimit = allowed.map { (statusReads + $0, retryAfter) } }
    }

    /// The account itself is "1"; others get a number from their name (stable within a run).
    static func accountID(_ author: String) -> String { author == "herald" ? "1" : String(1000 + abs(author.hashValue % 9000)) }

    func audienceRoutes(_ app: Application) {
        app.post("api", "v1", "statuses", ":id", "favourite") { [weak self] req async throws -> Response in
            guard let self else { throw Abort(.serviceUnavailable) }
            if let refusal = self.refusal(req) { return refusal }
            let id = req.parameters.get("id") ?? ""
            let status: Status? = self.lock.withLock {
                guard !self.deletedStatuses.contains(id), let index = self.statuses.firstIndex(where: { $0.id == id }) else { return nil }
                if self.favouritedByUs.insert(id).inserted { self.statuses[index].favourites += 1 }
                return self.statuses[index]
            }
            guard let status else { return Self.error(.notFound, "Record not found") }
            return Self.json(.ok, self.statusJSON(status))
        }
        // `id[]=…` repeated: each account's relationship to ours; unknown ids are left out.
        app.get("api", "v1", "accounts", "relationships") { [weak self] req async throws -> Response in
            guard let self else { throw Abort(.serviceUnavailable) }
            if let refusal = self.refusal(req) { return refusal }
            let ids = (req.url.query ?? "").split(separator: "&").compactMap { pair -> String? in
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                return parts.count == 2 && (parts[0] == "id[]" || parts[0] == "id%5B%5D") ? parts[1] : nil
            }
            let known: [(String, Bool)] = self.lock.withLock {
                let authors = Set(self.statuses.map(\.author)).union(self.followingUs)
                return ids.compactMap { id in
                    authors.first { Self.accountID($0) == id }.map { (id, self.followingUs.contains($0)) }
                }
            }
            let body = "[" + known.map { #"{"id":"\#($0.0)","following":false,"followed_by":\#($0.1)}"# }.joined(separator: ",") + "]"
            let response = Response(status: .ok, body: .init(string: body))
            response.headers.contentType = .json
            return response
        }
        app.get("api", "v1", "statuses", ":id") { [weak self] req async throws -> Response in
            guard let self else { throw Abort(.serviceUnavailable) }
            if let refusal = self.refusal(req) { return refusal }
            let limited: Int? = self.lock.withLock {
                if let limit = self.statusReadLimit, self.statusReads >= limit.allowed { return limit.retryAfter }
                self.statusReads += 1
                return nil
            }
            if let limited {
                let response = Self.error(.tooManyRequests, "Too many requests")
                response.headers.replaceOrAdd(name: "Retry-After", value: String(limited))
                return response
            }
            let id = req.parameters.get("id") ?? ""
            guard let status = self.lock.withLock({ self.deletedStatuses.contains(id) ? nil : self.statuses.first { $0.id == id } }) else {
                return Self.error(.notFound, "Record not found")
            }
            return Self.json(.ok, self.statusJSON(status))
        }
        app.on(.PUT, "api", "v1", "statuses", ":id", body: .collect(maxSize: "1mb")) { [weak self] req async throws -> Response in
            guard let self else { throw Abort(.serviceUnavailable) }
            if let refusal = self.refusal(req) { return refusal }
            struct Body: Decodable { var status: String?; var media_ids: [String]? }
            let id = req.parameters.get("id") ?? ""
            guard let body = try? req.content.decode(Body.self), let text = body.status, !text.isEmpty else {
                return Self.error(.unprocessableEntity, "Validation failed: Text can't be blank")
            }
            let edited: Status? = self.lock.withLock {
                guard let index = self.statuses.firstIndex(where: { $0.id == id && $0.author == "herald" }) else { return nil }
                self.statuses[index].text = text
                self.statuses[index].mediaIDs = body.media_ids ?? []
                return self.statuses[index]
            }
            guard let edited else { return Self.error(.notFound, "Record not found") }
            return Self.json(.ok, self.statusJSON(edited))
        }
        app.delete("api", "v1", "statuses", ":id") { [weak self] req async throws -> Response in
            guard let self else { throw Abort(.serviceUnavailable) }
            if let refusal = self.refusal(req) { return refusal }
            let id = req.parameters.get("id") ?? ""
            let removed: Status? = self.lock.withLock {
                guard let index = self.statuses.firstIndex(where: { $0.id == id && $0.author == "herald" }) else { return nil }
                let removed = self.statuses.remove(at: index)
                if let parent = removed.inReplyToID { self.replyCounts[parent, default: 1] -= 1 }
                return removed
            }
            guard let removed else { return Self.error(.notFound, "Record not found") }
            return Self.json(.ok, self.statusJSON(removed))
        }
        app.get("api", "v1", "notifications") { [weak self] req async throws -> Response in
            guard let self else { throw Abort(.serviceUnavailable) }
            if let refusal = self.refusal(req) { return refusal }
            let types = (try? req.query.get([String].self, at: "types")) ?? []
            if !types.isEmpty && !types.contains("mention") { return Self.json(.ok, "[]") }
            let limit = min(80, max(1, (try? req.query.get(Int.self, at: "limit")) ?? 40))
            let since = (try? req.query.get(String.self, at: "since_id")).flatMap(Int.init) ?? -1
            let maxID = (try? req.query.get(String.self, at: "max_id")).flatMap(Int.init) ?? Int.max
            let page: [(Int, Status)] = self.lock.withLock {
                self.notifications.reversed().filter { $0.id > since && $0.id < maxID }.prefix(limit).compactMap { note in
                    self.statuses.first { $0.id == note.statusID }.map { (note.id, $0) }
                }
            }
            let items = page.map { id, status in
                #"{"id":"\#(id)","type":"mention","created_at":"\#(status.createdAt.formatted(Self.timestamp))","#
                    + #""account":{"id":"\#(Self.accountID(status.author))","username":"\#(status.author)","acct":"\#(status.author)","display_name":"\#(status.author.capitalized)"},"#
                    + #""status":\#(self.statusJSON(status))}"#
            }
            return Self.json(.ok, "[" + items.joined(separator: ",") + "]")
        }
    }
}
