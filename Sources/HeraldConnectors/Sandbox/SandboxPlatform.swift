import Foundation
import HeraldCore

/// Herald's built-in network: accepts posts under the same limits as any platform, with no
/// account anywhere. It keeps posts by idempotency key, so a repeated request returns the post
/// already made — the behaviour the engine relies on. This first version keeps its posts in
/// memory; the simulated audience and persistence come with the rest of the publishing issue.
/// `faults` lets tests make the next requests fail in the ways real platforms do.
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
    private var posts: [String: PublishedPost] = [:]
    private var counter = 0
    private var faults: [(fault: Fault, credential: String?)] = []
    public private(set) var requests = 0

    public init() {}

    /// The next request (with this credential, when given) meets `fault`.
    public func inject(_ fault: Fault, credential: String? = nil) { faults.append((fault, credential)) }
    public var storedCount: Int { posts.count }

    public func publish(_ request: PublishRequest, credential: String) async throws(PlatformError) -> PublishedPost {
        requests += 1
        guard !credential.isEmpty else { throw .unauthorized(message: "no credential") }
        let rules = PlatformRules.defaults(for: .sandbox)
        if let violation = rules.check(text: request.text).first {
            throw .rejected(message: violation.message.rendered(in: .en))
        }
        let index = faults.firstIndex { $0.credential == nil || $0.credential == credential }
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
        if let existing = posts[request.idempotencyKey] { return existing }
        counter += 1
        let post = PublishedPost(remoteID: "sandbox-\(counter)", url: URL(string: "sandbox://posts/\(counter)"), publishedAt: Date())
        posts[request.idempotencyKey] = post
        if case .timeoutAfterStore? = fault { throw .outcomeUnknown(message: "sandbox: timed out after storing") }
        return post
    }

    public func findPublished(_ request: PublishRequest, credential: String) async throws(PlatformError) -> PublishedPost? {
        posts[request.idempotencyKey]
    }
}
