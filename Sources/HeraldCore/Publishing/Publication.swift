import Foundation

/// Where one post stands on one channel. The invariant this type exists for: a post is
/// published once per channel, or ends visibly failed — never twice, never silently dropped.
/// An outcome that is not known (timeout after sending, a worker that died mid-request) is
/// `unknown`, and the only way out of `unknown` is to ask the platform (reconcile).
public enum PublicationState: Sendable, Equatable {
    case scheduled
    case publishing(attempt: Int, leaseOwner: String)
    case published(remoteID: String, url: String?, at: Date)
    case failed(reason: String, retryable: Bool)
    case unknown(reason: String)

    public var name: String {
        switch self {
        case .scheduled: "scheduled"
        case .publishing: "publishing"
        case .published: "published"
        case .failed: "failed"
        case .unknown: "unknown"
        }
    }
}

/// What happened to a publication.
public enum PublicationEvent: Sendable, Equatable {
    /// A worker took the job and is about to send.
    case leased(owner: String, attempt: Int)
    /// The platform answered with the post.
    case accepted(remoteID: String, url: String?, at: Date)
    /// The platform refused, or could not be reached before sending: safe to say so.
    case refused(reason: String, retryable: Bool)
    /// No answer after the request may have arrived (timeout, dropped connection).
    case outcomeUnknown(reason: String)
    /// The worker holding it vanished (lease expired while publishing): the request may or may not have gone out.
    case leaseExpired
    /// Reconciliation found the post on the platform.
    case foundOnPlatform(remoteID: String, url: String?, at: Date)
    /// Reconciliation found no such post: it is safe to send again.
    case notFoundOnPlatform
    /// A person asked to try a failed publication again.
    case retryRequested
}

public struct PublicationTransitionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var from: String
    public var event: String
    public var description: String { "a publication that is \(from) cannot take \(event)" }
}

extension PublicationState {
    /// The next state, or an error for a transition that would break the invariant.
    public func applying(_ event: PublicationEvent) throws(PublicationTransitionError) -> PublicationState {
        switch (self, event) {
        case (.scheduled, .leased(let owner, let attempt)):
            return .publishing(attempt: attempt, leaseOwner: owner)
        case (.publishing, .accepted(let id, let url, let at)):
            return .published(remoteID: id, url: url, at: at)
        case (.publishing, .refused(let reason, let retryable)):
            // A retryable refusal goes back on the schedule (the job queue backs off); others end here.
            return retryable ? .scheduled : .failed(reason: reason, retryable: false)
        case (.publishing, .outcomeUnknown(let reason)):
            return .unknown(reason: reason)
        case (.publishing, .leaseExpired):
            return .unknown(reason: "the worker stopped while publishing")
        case (.unknown, .foundOnPlatform(let id, let url, let at)):
            return .published(remoteID: id, url: url, at: at)
        case (.unknown, .notFoundOnPlatform):
            return .scheduled
        case (.failed, .retryRequested):
            return .scheduled
        default:
            throw PublicationTransitionError(from: name, event: Self.eventName(event))
        }
    }

    /// Whether a worker may send now. `unknown` may not: it must be reconciled first.
    public var maySend: Bool { self == .scheduled }

    static func eventName(_ event: PublicationEvent) -> String {
        switch event {
        case .leased: "leased"
        case .accepted: "accepted"
        case .refused: "refused"
        case .outcomeUnknown: "outcomeUnknown"
        case .leaseExpired: "leaseExpired"
        case .foundOnPlatform: "foundOnPlatform"
        case .notFoundOnPlatform: "notFoundOnPlatform"
        case .retryRequested: "retryRequested"
        }
    }
}
