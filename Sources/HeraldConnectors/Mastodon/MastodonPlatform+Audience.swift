import Foundation
import HeraldCore

/// Favourites, boosts and replies per status, and the account's followers, as Mastodon counts
/// them. Mastodon gives no views, clicks or saves: those are "not available".
extension MastodonPlatform: Insights, FollowerChecking, ConversationChecking, Moderating {
    public var postMetrics: Set<PostMetric> { [.likes, .reposts, .replies] }
    public var accountMetrics: Set<AccountMetric> { [.followers, .following, .posts] }
    /// One request per status, and Mastodon allows an account 300 requests per five minutes for
    /// everything: forty a round leaves the rest to publishing and the inbox.
    public var postsPerRound: Int { 40 }

    public func metrics(of remoteIDs: [String], credential: String) async throws(PlatformError) -> [String: [PostMetric: Int]] {
        let account = try account(credential)
        var result: [String: [PostMetric: Int]] = [:]
        for id in remoteIDs where MastodonResponses.isID(id) {
            let path = "/api/v1/statuses/\(id)"
            guard let status = try MastodonResponses.status(try await exchange(
                .GET, account.url(path), headers: account.headers, record: ["platform": "mastodon", "method": "GET", "path": .string(path)]))
            else { continue }
            result[id] = [.likes: status.favourites_count ?? 0, .reposts: status.reblogs_count ?? 0, .replies: status.replies_count ?? 0].plausible
        }
        return result
    }

    /// Mastodon lets an account favourite others' statuses; it cannot hide or delete them.
    public func moderationActions(for kind: ConversationItem.Kind) -> Set<ModerationAction> { [.like] }

    public func moderate(_ action: ModerationAction, remoteID: String, credential: String) async throws(PlatformError) {
        guard action == .like else { throw .rejected(message: "Mastodon does not let an account \(action.rawValue) others' statuses") }
        guard MastodonResponses.isID(remoteID) else { throw .rejected(message: "not a status id") }
        let account = try account(credential)
        let path = "/api/v1/statuses/\(remoteID)/favourite"
        guard try MastodonResponses.status(try await exchange(
            .POST, account.url(path), headers: account.headers, record: ["platform": "mastodon", "method": "POST", "path": .string(path)])) != nil
        else { throw .rejected(message: "Mastodon: the status is gone") }
    }

    /// Items deleted on the server: reading the status answers 404.
    public func gone(among remoteIDs: [String], credential: String) async throws(PlatformError) -> Set<String> {
        let account = try account(credential)
        var gone: Set<String> = []
        for id in remoteIDs where MastodonResponses.isID(id) {
            let path = "/api/v1/statuses/\(id)"
            if try MastodonResponses.status(try await exchange(
                .GET, account.url(path), headers: account.headers, record: ["platform": "mastodon", "method": "GET", "path": .string(path)])) == nil {
                gone.insert(id)
            }
        }
        return gone
    }

    /// Whether the authors follow the account, from their relationships to it, forty a request.
    public func followers(among authorIDs: [String], credential: String) async throws(PlatformError) -> Set<String> {
        let account = try account(credential)
        let wanted = Array(Set(authorIDs.filter(MastodonResponses.isID))).sorted()
        var found: Set<String> = []
        for start in stride(from: 0, to: wanted.count, by: 40) {
            let path = "/api/v1/accounts/relationships?" + wanted[start..<min(wanted.count, start + 40)].map { "id[]=\($0)" }.joined(separator: "&")
            for relationship in try MastodonResponses.relationships(try await exchange(
                .GET, account.url(path), headers: account.headers, record: ["platform": "mastodon", "method": "GET", "path": .string(path)]))
            where relationship.followed_by == true {
                found.insert(relationship.id)
            }
        }
        return found
    }

    public func account(credential: String) async throws(PlatformError) -> [AccountMetric: Int] {
        let account = try account(credential)
        let me = try MastodonResponses.account(try await exchange(
            .GET, account.url("/api/v1/accounts/verify_credentials"), headers: account.headers,
            record: ["platform": "mastodon", "method": "GET", "path": "/api/v1/accounts/verify_credentials"]))
        var totals: [AccountMetric: Int] = [:]
        totals[.followers] = me.followers_count
        totals[.following] = me.following_count
        totals[.posts] = me.statuses_count
        return totals.plausible
    }
}

/// Replies to the account's statuses, mentions and direct messages, read from its `mention`
/// notifications after the stored cursor (the newest notification id read); an answer is a reply
/// to the item that mentions its author, direct when the item was.
extension MastodonPlatform: Conversations {
    public var conversationKinds: Set<ConversationItem.Kind> { [.comment, .mention, .directMessage] }

    public func conversations(since cursor: String?, credential: String) async throws(PlatformError) -> ConversationBatch {
        let account = try account(credential)
        let me = try MastodonResponses.account(try await exchange(
            .GET, account.url("/api/v1/accounts/verify_credentials"), headers: account.headers,
            record: ["platform": "mastodon", "method": "GET", "path": "/api/v1/accounts/verify_credentials"]))
        var collected: [MastodonResponses.Notification] = []
        var maxID: String?
        // Newest first, 40 a page; stop at the cursor, or (first read) a day back, or after five pages.
        let dayAgo = Date().addingTimeInterval(-86_400)
        pages: for _ in 0..<lookupPages {
            var path = "/api/v1/notifications?types[]=mention&limit=40"
            if let cursor { path += "&since_id=\(cursor)" }
            if let maxID { path += "&max_id=\(maxID)" }
            let page = try MastodonResponses.notifications(try await exchange(
                .GET, account.url(path), headers: account.headers, record: ["platform": "mastodon", "method": "GET", "path": .string(path)]))
            for note in page {
                if cursor == nil, let at = PlatformHTTP.plausible(note.created_at.flatMap(MastodonResponses.date(from:))), at < dayAgo { break pages }
                collected.append(note)
            }
            guard page.count == 40, let last = page.last else { break }
            maxID = last.id
        }
        let items = collected.reversed().compactMap { note -> ConversationItem? in
            guard note.type == "mention", let status = note.status, let author = status.account ?? note.account else { return nil }
            let kind: ConversationItem.Kind = status.visibility == "direct" ? .directMessage
                : status.in_reply_to_account_id == me.id ? .comment : .mention
            return ConversationItem(remoteID: status.id, kind: kind, authorID: author.id,
                                    authorName: author.acct ?? author.display_name ?? author.id,
                                    text: MastodonText.readable(fromHTML: status.content),
                                    at: PlatformHTTP.date(status.createdAt ?? note.created_at.flatMap(MastodonResponses.date(from:))),
                                    postRemoteID: kind == .comment ? status.in_reply_to_id : nil, parentRemoteID: status.in_reply_to_id,
                                    conversationID: status.in_reply_to_id ?? status.id)
        }
        return ConversationBatch(items: items, cursor: collected.first?.id ?? cursor)
    }

    public func reply(_ request: ReplyRequest, credential: String) async throws(PlatformError) -> PublishedPost {
        let handle = "@" + request.item.authorName
        let text = request.text.contains(handle) ? request.text : handle + " " + request.text
        var options: [String: String] = [:]
        if request.item.kind == .directMessage { options["visibility"] = "direct" }
        return try await comment(CommentRequest(parentRemoteID: request.item.remoteID, text: text, idempotencyKey: request.idempotencyKey,
                                                options: options), credential: credential)
    }
}
