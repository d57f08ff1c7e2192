import Foundation
import HeraldCore

/// What the Sandbox network's simulated audience does, read as any platform's numbers: likes,
/// shares (reposts), comments (replies) and link clicks per post; followers per account.
/// It has no views and no saves, so those are "not available", as on a real platform without them.
extension SandboxPlatform: Insights {
    public nonisolated var postMetrics: Set<PostMetric> { [.likes, .reposts, .replies, .clicks] }
    public nonisolated var accountMetrics: Set<AccountMetric> { [.followers] }
    /// The built-in network has no budget to keep to; a round still has an end.
    public nonisolated var postsPerRound: Int { 1000 }

    public func metrics(of remoteIDs: [String], credential: String) async throws(PlatformError) -> [String: [PostMetric: Int]] {
        guard !ChannelCredential.parse(credential).accessToken.isEmpty else { throw .unauthorized(message: "no credential") }
        let counts: [String: [SandboxEventKind: Int]]
        do { counts = try await storage.engagement(remoteIDs: remoteIDs) } catch {
            throw .transient(message: "sandbox: storage unavailable")
        }
        return counts.mapValues { kinds in
            [.likes: kinds[.like] ?? 0, .reposts: kinds[.share] ?? 0, .replies: kinds[.comment] ?? 0, .clicks: kinds[.click] ?? 0]
        }
    }

    public func account(credential: String) async throws(PlatformError) -> [AccountMetric: Int] {
        let token = ChannelCredential.parse(credential).accessToken
        guard !token.isEmpty else { throw .unauthorized(message: "no credential") }
        do { return [.followers: try await storage.followers(account: Self.account(for: token))] } catch {
            throw .transient(message: "sandbox: storage unavailable")
        }
    }
}

/// The audience's comments on the account's posts and its direct messages, read after a cursor;
/// an answer is the account's own comment on the post the item is about.
/// Who of the simulated audience follows the account: those who followed it after one of its posts.
extension SandboxPlatform: FollowerChecking {
    public func followers(among authorIDs: [String], credential: String) async throws(PlatformError) -> Set<String> {
        let token = ChannelCredential.parse(credential).accessToken
        guard !token.isEmpty else { throw .unauthorized(message: "no credential") }
        do { return try await storage.followers(account: Self.account(for: token), among: authorIDs) } catch {
            throw .transient(message: "sandbox: storage unavailable")
        }
    }
}

/// The account may like, hide or delete comments on its posts, and like or delete messages to it.
extension SandboxPlatform: Moderating {
    public nonisolated func moderationActions(for kind: ConversationItem.Kind) -> Set<ModerationAction> {
        kind == .directMessage ? [.like, .delete] : [.like, .hide, .delete]
    }

    public func moderate(_ action: ModerationAction, remoteID: String, credential: String) async throws(PlatformError) {
        guard !ChannelCredential.parse(credential).accessToken.isEmpty else { throw .unauthorized(message: "no credential") }
        let prefix = "sandbox-event-"
        guard remoteID.hasPrefix(prefix) else { throw .rejected(message: "sandbox: not an item of its audience") }
        let found: Bool
        do { found = try await storage.moderate(event: String(remoteID.dropFirst(prefix.count)), action: action.rawValue, at: Date()) } catch {
            throw .transient(message: "sandbox: storage unavailable")
        }
        guard found else { throw .rejected(message: "sandbox: the comment is gone") }
    }
}

/// Comments and messages the simulated audience took back.
extension SandboxPlatform: ConversationChecking {
    public func gone(among remoteIDs: [String], credential: String) async throws(PlatformError) -> Set<String> {
        guard !ChannelCredential.parse(credential).accessToken.isEmpty else { throw .unauthorized(message: "no credential") }
        let prefix = "sandbox-event-"
        let ids = remoteIDs.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        do { return Set(try await storage.missingEvents(ids).map { prefix + $0 }) } catch {
            throw .transient(message: "sandbox: storage unavailable")
        }
    }
}

extension SandboxPlatform: Conversations {
    public nonisolated var conversationKinds: Set<ConversationItem.Kind> { [.comment, .directMessage] }

    public func conversations(since cursor: String?, credential: String) async throws(PlatformError) -> ConversationBatch {
        let token = ChannelCredential.parse(credential).accessToken
        guard !token.isEmpty else { throw .unauthorized(message: "no credential") }
        let previous = cursor.flatMap(SandboxInboxCursor.init)
        let events: [SandboxInboxEvent]
        do { events = try await storage.inbox(account: Self.account(for: token), after: previous, limit: 200) } catch {
            throw .transient(message: "sandbox: storage unavailable")
        }
        let items = events.map { event in
            ConversationItem(remoteID: "sandbox-event-" + event.id, kind: event.kind == .message ? .directMessage : .comment,
                             authorID: event.author, authorName: event.author, text: event.text, at: event.at,
                             postRemoteID: event.postRemoteID,
                             conversationID: event.kind == .message ? "dm-" + event.author : event.postRemoteID)
        }
        return ConversationBatch(items: items, cursor: SandboxInboxCursor.after(events, previous: previous)?.text ?? cursor)
    }

    public func reply(_ request: ReplyRequest, credential: String) async throws(PlatformError) -> PublishedPost {
        guard let post = request.item.postRemoteID else { throw .rejected(message: "sandbox: the item is not about a post") }
        return try await comment(CommentRequest(parentRemoteID: post, text: request.text, idempotencyKey: request.idempotencyKey),
                                 credential: credential)
    }
}
