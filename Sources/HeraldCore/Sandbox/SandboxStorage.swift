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
}
