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
    }

    public nonisolated let platform: Platform = .sandbox
    private var posts: [String: PublishedPost] = [:]
    private var counter = 0
    private var faults: [Fault] = []
    public private(set) var requests = 0

    public init() {}

    public func inject(_ fault: Fault) { faults.append(fault) }
    public var storedCount: Int { posts.count }

    public func publish(_ request: PublishRequest, credential: String) async throws(PlatformError) -> PublishedPost {
        requests += 1
        guard !credential.isEmpty else { throw .unauthorized(message: "no credential") }
        let rules = PlatformRules.defaults(for: .sandbox)
        if let violation = rules.check(text: request.text).first {
            throw .rejected(message: violation.message.rendered(in: .en))
        }
        let fault = faults.isEmpty ? nil : faults.removeFirst()
        switch fault {
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
