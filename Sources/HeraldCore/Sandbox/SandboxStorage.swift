import Foundation

/// A post as the Sandbox network holds it.
public struct SandboxStoredPost: Sendable, Equatable {
    public var remoteID: String
    /// The account it was posted to (the channel's Sandbox access token names the account).
    public var account: String
    public var idempotencyKey: String
    public var text: String
    public var content: SandboxContentType
    public var image: SandboxImageType?
    public var createdAt: Date

    public init(remoteID: String, account: String, idempotencyKey: String, text: String, content: SandboxContentType,
                image: SandboxImageType?, createdAt: Date) {
        self.remoteID = remoteID
        self.account = account
        self.idempotencyKey = idempotencyKey
        self.text = text
        self.content = content
        self.image = image
        self.createdAt = createdAt
    }

    /// Whether the audience answers in Russian (the post is mostly Cyrillic).
    public var isRussian: Bool {
        let letters = text.unicodeScalars.filter { $0.properties.isAlphabetic }
        let cyrillic = letters.filter { (0x0400...0x04FF).contains($0.value) }
        return !letters.isEmpty && cyrillic.count * 2 >= letters.count
    }
}

/// Where the Sandbox network keeps its posts: in the database for a running Herald (so they
/// survive restarts and the simulated audience can react to them over days), in memory in tests.
public protocol SandboxStorage: Sendable {
    /// Stores the post unless one with the same idempotency key exists; returns the stored one
    /// (so a repeated request gets the post already made, as on platforms with idempotency).
    func store(account: String, idempotencyKey: String, text: String, link: String?, content: SandboxContentType,
               image: SandboxImageType?, at: Date) async throws -> SandboxStoredPost
    func find(idempotencyKey: String) async throws -> SandboxStoredPost?
    /// The account's own comment on one of its posts (a first comment), once per key; nil when
    /// the post is not there.
    func comment(on remoteID: String, account: String, idempotencyKey: String, text: String, at: Date) async throws -> SandboxComment?
    func findComment(idempotencyKey: String) async throws -> SandboxComment?
    /// What the audience did to these posts, by remote id (the account's own comments left out).
    func engagement(remoteIDs: [String]) async throws -> [String: [SandboxEventKind: Int]]
    /// How many of the audience follow the account.
    func followers(account: String) async throws -> Int
    /// Which of these people of the audience follow the account.
    func followers(account: String, among authors: [String]) async throws -> Set<String>
    /// Which of these comments and messages (event ids) are no longer there.
    func missingEvents(_ ids: [String]) async throws -> Set<String>
    /// The account likes, hides or deletes a comment or message of the audience; false when it is not there.
    func moderate(event id: String, action: String, at: Date) async throws -> Bool
    /// Comments and direct messages on the account's posts after `cursor`, oldest first.
    func inbox(account: String, after cursor: SandboxInboxCursor?, limit: Int) async throws -> [SandboxInboxEvent]
}

/// A comment or direct message of the simulated audience, as the inbox reads it.
public struct SandboxInboxEvent: Sendable, Equatable {
    public var id: String
    public var postRemoteID: String
    public var kind: SandboxEventKind
    public var author: String
    public var text: String
    public var at: Date

    public init(id: String, postRemoteID: String, kind: SandboxEventKind, author: String, text: String, at: Date) {
        self.id = id
        self.postRemoteID = postRemoteID
        self.kind = kind
        self.author = author
        self.text = text
        self.at = at
    }
}

/// Where an inbox read stopped: the time of the last event read and the ids read at exactly
/// that time (events can share a timestamp). Written as `<ms since 1970>|<id>,<id>`.
public struct SandboxInboxCursor: Sendable, Equatable {
    public var at: Date
    public var seen: Set<String>

    public init(at: Date, seen: Set<String>) {
        self.at = at
        self.seen = seen
    }

    public init?(_ text: String) {
        let parts = text.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let ms = Int64(parts[0]) else { return nil }
        self.init(at: Date(timeIntervalSince1970: Double(ms) / 1000), seen: Set(parts[1].split(separator: ",").map(String.init)))
    }

    public var text: String { "\(Int64((at.timeIntervalSince1970 * 1000).rounded()))|" + seen.sorted().joined(separator: ",") }

    /// The cursor after reading `events` (oldest first) from `previous`.
    public static func after(_ events: [SandboxInboxEvent], previous: SandboxInboxCursor?) -> SandboxInboxCursor? {
        guard let last = events.last else { return previous }
        let ms = { (date: Date) in Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        var seen = Set(events.filter { ms($0.at) == ms(last.at) }.map(\.id))
        if let previous, ms(previous.at) == ms(last.at) { seen.formUnion(previous.seen) }
        return SandboxInboxCursor(at: last.at, seen: seen)
    }
}

/// The account's own comment on its post, as the Sandbox network keeps it.
public struct SandboxComment: Sendable, Equatable {
    public var remoteID: String
    public var postRemoteID: String
    public var text: String
    public var at: Date

    public init(remoteID: String, postRemoteID: String, text: String, at: Date) {
        self.remoteID = remoteID
        self.postRemoteID = postRemoteID
        self.text = text
        self.at = at
    }
}

public actor InMemorySandboxStorage: SandboxStorage {
    private var posts: [String: SandboxStoredPost] = [:]
    private var counter = 0

    public init() {}

    public var count: Int { posts.count }

    private var comments: [String: SandboxComment] = [:]

    public func store(account: String, idempotencyKey: String, text: String, link: String?, content: SandboxContentType,
                      image: SandboxImageType?, at: Date) -> SandboxStoredPost {
        if let existing = posts[idempotencyKey] { return existing }
        counter += 1
        let post = SandboxStoredPost(remoteID: "sandbox-\(counter)", account: account, idempotencyKey: idempotencyKey, text: text,
                                     content: content, image: image, createdAt: at)
        posts[idempotencyKey] = post
        return post
    }

    public func find(idempotencyKey: String) -> SandboxStoredPost? { posts[idempotencyKey] }

    public func comment(on remoteID: String, account: String, idempotencyKey: String, text: String, at: Date) -> SandboxComment? {
        if let existing = comments[idempotencyKey] { return existing }
        guard posts.values.contains(where: { $0.remoteID == remoteID }) else { return nil }
        counter += 1
        let comment = SandboxComment(remoteID: "sandbox-comment-\(counter)", postRemoteID: remoteID, text: text, at: at)
        comments[idempotencyKey] = comment
        return comment
    }

    public func findComment(idempotencyKey: String) -> SandboxComment? { comments[idempotencyKey] }

    /// No simulated audience in memory: nothing happened to the posts yet.
    public func engagement(remoteIDs: [String]) -> [String: [SandboxEventKind: Int]] {
        Dictionary(uniqueKeysWithValues: posts.values.filter { remoteIDs.contains($0.remoteID) }.map { ($0.remoteID, [:]) })
    }

    public func followers(account: String) -> Int { 0 }

    public func followers(account: String, among authors: [String]) -> Set<String> { [] }

    public func missingEvents(_ ids: [String]) -> Set<String> { [] }

    public func moderate(event id: String, action: String, at: Date) -> Bool { false }

    public func inbox(account: String, after cursor: SandboxInboxCursor?, limit: Int) -> [SandboxInboxEvent] { [] }
}
