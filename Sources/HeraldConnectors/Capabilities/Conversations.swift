import Foundation
import HeraldCore

/// One thing the audience said to the account: a comment on its post, a reply, a mention, a
/// quote, or a direct message.
public struct ConversationItem: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case comment, reply, mention, quote, directMessage = "direct_message"
    }

    /// The platform's id of the item (unique per platform and account).
    public var remoteID: String
    public var kind: Kind
    /// The author as the platform names them for good, and as people see them.
    public var authorID: String
    public var authorName: String
    public var text: String
    public var at: Date
    /// Our post it belongs to, when it is about one.
    public var postRemoteID: String?
    /// What it answers (a comment, a message) and the thread or chat it is part of.
    public var parentRemoteID: String?
    public var conversationID: String?

    public init(remoteID: String, kind: Kind, authorID: String, authorName: String, text: String, at: Date,
                postRemoteID: String? = nil, parentRemoteID: String? = nil, conversationID: String? = nil) {
        self.remoteID = remoteID
        self.kind = kind
        self.authorID = authorID
        self.authorName = authorName
        self.text = text
        self.at = at
        self.postRemoteID = postRemoteID
        self.parentRemoteID = parentRemoteID
        self.conversationID = conversationID
    }
}

/// What came in since a cursor, oldest first, and the cursor to keep for next time.
public struct ConversationBatch: Sendable, Equatable {
    public var items: [ConversationItem]
    /// Numbers about the account's posts that came with the stream (Telegram's reaction counts),
    /// by post remote id: each is the post's count at that moment.
    public var counts: [String: [PostMetric: Int]]
    /// Nil: nothing new, keep the old cursor.
    public var cursor: String?
    /// Items the platform said were deleted (VK's `wall_reply_delete`), by remote id.
    public var deleted: [String]

    public init(items: [ConversationItem], counts: [String: [PostMetric: Int]] = [:], cursor: String?, deleted: [String] = []) {
        self.items = items
        self.counts = counts
        self.cursor = cursor
        self.deleted = deleted
    }
}

/// An answer to one item, sent as the account.
public struct ReplyRequest: Sendable, Equatable {
    public var item: ConversationItem
    public var text: String
    public var idempotencyKey: String

    public init(item: ConversationItem, text: String, idempotencyKey: String) {
        self.item = item
        self.text = text
        self.idempotencyKey = idempotencyKey
    }
}

/// A platform whose comments, replies, mentions and messages Herald can read and answer.
/// Platforms without it do not conform, and the inbox says "not available on <platform>".
public protocol Conversations: SocialPlatform {
    /// The kinds of item this platform gives.
    var conversationKinds: Set<ConversationItem.Kind> { get }
    /// Items after `cursor` (nil: start from now, looking back at most a day), oldest first.
    func conversations(since cursor: String?, credential: String) async throws(PlatformError) -> ConversationBatch
    /// Answers an item as the account: a reply in its thread, or a message in its chat.
    func reply(_ request: ReplyRequest, credential: String) async throws(PlatformError) -> PublishedPost
}

/// Conversations read for several channels through one credential — a Telegram bot posting to
/// several chats has one update stream, and reading it confirms it for all of them. The engine
/// reads such a stream once per credential (never two pollers) and gives each channel its items.
public protocol SharedConversations: Conversations {
    /// What channels sharing one stream have in common (nil: this credential has its own).
    func sharedStream(credential: String) -> String?
    /// What came after `cursor`, by the account (as stored in each channel's credential) it belongs
    /// to (each batch without a cursor of its own), and the stream's next cursor.
    func conversations(since cursor: String?, credential: String, accounts: [String]) async throws(PlatformError)
        -> (batches: [String: ConversationBatch], cursor: String?)
}
