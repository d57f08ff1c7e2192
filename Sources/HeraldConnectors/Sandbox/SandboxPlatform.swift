import Foundation
import HeraldCore

/// Herald's built-in network: accepts posts under the same limits as any platform, with no
/// account anywhere (the access token names the account). It keeps posts by idempotency key, so
/// a repeated request returns the post already made — the behaviour the engine relies on. A
/// running Herald keeps them in its database (`SandboxStorage`), where a simulated audience
/// (`SandboxAudience`) reacts to them over the following days. `inject` lets tests make the
/// next requests fail in the ways real platforms do.
public actor SandboxPlatform: SocialPlatform {
    public enum Fault: Sendable {
        /// Store the post, then lose the answer (a timeout after the platform accepted it).
        case timeoutAfterStore
        /// Refuse before storing.
        case refuse(retryable: Bool)
        case rateLimited(seconds: Int)
        /// The credential is refused (revoked or expired token).
        case unauthorized
    }

    public nonisolated let platform: Platform = .sandbox
    public nonisolated let connectFlow: ConnectFlow = .none
    public nonisolated let canFindPublished = true
    public nonisolated let docsPage = "docs/platforms/sandbox.md"
    public nonisolated let storage: any SandboxStorage
    private var faults: [(fault: Fault, credential: String?)] = []
    public private(set) var requests = 0

    public init(storage: any SandboxStorage = InMemorySandboxStorage()) {
        self.storage = storage
    }

    /// The next request (with this credential, when given) meets `fault`.
    public func inject(_ fault: Fault, credential: String? = nil) { faults.append((fault, credential)) }
    /// Posts stored by this process (for tests).
    public private(set) var storedCount = 0

    public func publish(_ request: PublishRequest, credential: String) async throws(PlatformError) -> PublishedPost {
        requests += 1
        let parsed = ChannelCredential.parse(credential)
        guard !parsed.accessToken.isEmpty else { throw .unauthorized(message: "no credential") }
        if let expiry = parsed.expiresAt, expiry <= Date() {
            throw .unauthorized(message: "sandbox: the access token expired")
        }
        let rules = PlatformRules.defaults(for: .sandbox)
        if let violation = rules.check(text: request.text, media: request.media).first {
            throw .rejected(message: violation.message.rendered(in: .en))
        }
        let index = faults.firstIndex { $0.credential == nil || $0.credential == parsed.accessToken }
        let fault = index.map { faults.remove(at: $0).fault }
        switch fault {
        case .unauthorized?:
            throw .unauthorized(message: "sandbox: the access token was revoked")
        case .refuse(let retryable)?:
            throw retryable ? .transient(message: "sandbox: 503") : .rejected(message: "sandbox: refused")
        case .rateLimited(let seconds)?:
            throw .rateLimited(retryAfter: .seconds(seconds))
        default:
            break
        }
        let stored: SandboxStoredPost
        do {
            let existing = try await storage.find(idempotencyKey: request.idempotencyKey)
            stored = try await storage.store(account: Self.account(for: parsed.accessToken), idempotencyKey: request.idempotencyKey,
                                             text: request.text, link: request.link,
                                             content: .of(text: request.text, media: request.media, link: request.link),
                                             image: .of(media: request.media), at: Date())
            if existing == nil { storedCount += 1 }
        } catch {
            throw .transient(message: "sandbox: storage unavailable")
        }
        if case .timeoutAfterStore? = fault { throw .outcomeUnknown(message: "sandbox: timed out after storing") }
        return Self.published(stored)
    }

    /// Any token names a Sandbox account; an expired one is refused, as a platform would.
    public func verify(_ credential: ChannelCredential) async throws(PlatformError) -> String {
        guard !credential.accessToken.isEmpty else { throw .unauthorized(message: "no credential") }
        if let expiry = credential.expiresAt, expiry <= Date() { throw .unauthorized(message: "sandbox: the access token expired") }
        return Self.account(for: credential.accessToken)
    }

    public func findPublished(_ request: PublishRequest, credential: String) async throws(PlatformError) -> PublishedPost? {
        do {
            return try await storage.find(idempotencyKey: request.idempotencyKey).map(Self.published)
        } catch {
            throw .transient(message: "sandbox: storage unavailable")
        }
    }

    /// The account an access token names: a stable digest, so the token itself is never stored in the clear.
    public static func account(for accessToken: String) -> String {
        "acct-" + String(StableHash.of(accessToken), radix: 16)
    }

    /// Sandbox tokens with a refresh token are refreshed for another 60 days (the same account).
    public func refresh(_ credential: ChannelCredential) async throws(PlatformError) -> ChannelCredential? {
        guard let refreshToken = credential.refreshToken, !refreshToken.isEmpty else { return nil }
        var fresh = credential
        fresh.expiresAt = Date().addingTimeInterval(60 * 86_400)
        return fresh
    }

    /// How a stored Sandbox post is answered to the engine.
    public static func published(_ post: SandboxStoredPost) -> PublishedPost {
        PublishedPost(remoteID: post.remoteID, url: URL(string: "sandbox://posts/\(post.remoteID)"),
                      publishedAt: post.createdAt)
    }
}

/// The first comment on the Sandbox network: the account's own comment on its post, kept by
/// key (a repeated request keeps the first), and looked up by key after an unknown outcome.
extension SandboxPlatform: FirstCommenting {
    public func comment(_ request: CommentRequest, credential: String) async throws(PlatformError) -> PublishedPost {
        let parsed = ChannelCredential.parse(credential)
        guard !parsed.accessToken.isEmpty else { throw .unauthorized(message: "no credential") }
        let stored: SandboxComment?
        do {
            stored = try await storage.comment(on: request.parentRemoteID, account: Self.account(for: parsed.accessToken),
                                               idempotencyKey: request.idempotencyKey, text: request.text, at: Date())
        } catch {
            throw .transient(message: "sandbox: storage unavailable")
        }
        guard let stored else { throw .rejected(message: "sandbox: the post \(request.parentRemoteID) is not there") }
        return Self.published(stored)
    }

    public func findComment(_ request: CommentRequest, credential: String) async throws(PlatformError) -> PublishedPost? {
        do {
            return try await storage.findComment(idempotencyKey: request.idempotencyKey).map(Self.published)
        } catch {
            throw .transient(message: "sandbox: storage unavailable")
        }
    }

    static func published(_ comment: SandboxComment) -> PublishedPost {
        PublishedPost(remoteID: comment.remoteID, url: URL(string: "sandbox://posts/\(comment.postRemoteID)#\(comment.remoteID)"),
                      publishedAt: comment.at)
    }
}
