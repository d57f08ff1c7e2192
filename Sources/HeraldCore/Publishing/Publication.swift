import Foundation

/// Where one post stands on one channel. The invariant this type exists for: a post is
/// published once per channel, or ends visibly failed — never twice, never silently dropped.
/// An outcome that is not known (no answer after sending, a worker that died mid-request) is
/// `unknown`, and the only ways out of `unknown` are to ask the platform (reconcile) or to have a
/// person say what they saw on the channel.
public enum PublicationState: Sendable, Equatable {
    case scheduled
    case publishing(attempt: Int, leaseOwner: String)
    case published(remoteID: String, url: String?, at: Date)
    case failed(PublicationProblem, platformMessage: String? = nil)
    case unknown(PublicationProblem, platformMessage: String? = nil)

    /// The state's name as stored (`publications.state`).
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case scheduled, publishing, published, failed, unknown
    }

    public var kind: Kind {
        switch self {
        case .scheduled: .scheduled
        case .publishing: .publishing
        case .published: .published
        case .failed: .failed
        case .unknown: .unknown
        }
    }

    /// Something may be on the platform: the publication is never deleted, replaced or orphaned,
    /// and its post cannot change.
    public var mayBeOut: Bool { kind.mayBeOut }

    /// The problem and the platform's words, for failed and unknown publications.
    public var problem: (kind: PublicationProblem, platformMessage: String?)? {
        switch self {
        case .failed(let problem, let message), .unknown(let problem, let message): (problem, message)
        default: nil
        }
    }
}

extension PublicationState.Kind {
    public var mayBeOut: Bool { self == .publishing || self == .published || self == .unknown }
}

/// Why a publication did not go out, or may have gone out without Herald knowing — one of a
/// few kinds a person can act on, stored in its own column (`publications.problem`). The
/// platform's own words, when it gave any, are kept beside it and quoted, never parsed.
public enum PublicationProblem: String, Sendable, CaseIterable, Codable {
    /// The platform refused the credential, or it cannot be opened: reconnect the channel.
    case needsReconnect = "needs_reconnect"
    /// The platform refused this content: edit the post.
    case rejected
    /// Herald's own checks block the post on this channel: edit the post.
    case blocked
    /// Passing faults (server errors, unreachable) until the attempts ran out: retry later.
    case gaveUp = "gave_up"
    /// A passing fault that the queue retries by itself (the publication waits, scheduled).
    case willRetry = "will_retry"
    /// Herald has no connector that can publish to this platform yet.
    case noConnector = "no_connector"
    /// Sent, and no answer came: it may be on the platform.
    case noAnswer = "no_answer"
    /// The worker stopped while sending: it may be on the platform.
    case workerStopped = "worker_stopped"
    /// It may be on the platform, and the platform cannot be asked (Telegram): a person looks
    /// at the channel and marks it published or sends it again. Herald never re-sends by itself.
    case askPerson = "ask_person"

    /// A person may ask for another attempt without changing the post.
    public var isRetryable: Bool {
        switch self {
        case .needsReconnect, .gaveUp, .willRetry, .noAnswer, .workerStopped: true
        case .rejected, .blocked, .noConnector, .askPerson: false
        }
    }
}

/// What happened to a publication.
public enum PublicationEvent: Sendable, Equatable {
    /// A worker took the job and is about to send.
    case leased(owner: String, attempt: Int)
    /// The platform answered with the post.
    case accepted(remoteID: String, url: String?, at: Date)
    /// Nothing was sent, or the platform refused it for now (server error, unreachable, rate
    /// limit): safe to try again later.
    case deferred
    /// The platform refused, or Herald will not send: the publication fails with this problem.
    case refused(PublicationProblem, platformMessage: String?)
    /// No answer after the request may have arrived (timeout, dropped connection).
    case outcomeUnknown(platformMessage: String?)
    /// The worker holding it vanished (lease expired while publishing).
    case leaseExpired
    /// Reconciliation found the post on the platform.
    case foundOnPlatform(remoteID: String, url: String?, at: Date)
    /// Reconciliation found no such post: it is safe to send again.
    case notFoundOnPlatform
    /// A person looked at the channel and saw the post there.
    case confirmedPublished(remoteID: String, url: String?, at: Date)
    /// A person looked at the channel and did not see the post: send it again.
    case confirmedMissing
    /// A person asked to try a failed publication again.
    case retryRequested
    /// The platform cannot be asked whether an unknown outcome's post is there: a person must look.
    case cannotLookUp
}

public struct PublicationTransitionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var from: PublicationState.Kind
    public var event: String
    public var description: String { "a publication that is \(from.rawValue) cannot take \(event)" }
}

extension PublicationState {
    /// The next state, or an error for a transition that would break the invariant.
    public func applying(_ event: PublicationEvent) throws(PublicationTransitionError) -> PublicationState {
        switch (self, event) {
        case (.scheduled, .leased(let owner, let attempt)):
            return .publishing(attempt: attempt, leaseOwner: owner)
        case (.publishing, .accepted(let id, let url, let at)):
            return .published(remoteID: id, url: url, at: at)
        case (.publishing, .deferred):
            return .scheduled
        case (.publishing, .refused(let problem, let message)), (.scheduled, .refused(let problem, let message)):
            return .failed(problem, platformMessage: message)
        case (.publishing, .outcomeUnknown(let message)):
            return .unknown(.noAnswer, platformMessage: message)
        case (.publishing, .leaseExpired):
            return .unknown(.workerStopped)
        case (.unknown, .foundOnPlatform(let id, let url, let at)), (.unknown, .confirmedPublished(let id, let url, let at)):
            return .published(remoteID: id, url: url, at: at)
        case (.unknown(_, let message), .cannotLookUp):
            return .unknown(.askPerson, platformMessage: message)
        case (.unknown, .notFoundOnPlatform), (.unknown, .confirmedMissing):
            return .scheduled
        case (.failed, .retryRequested):
            return .scheduled
        default:
            throw PublicationTransitionError(from: kind, event: Self.eventName(event))
        }
    }

    /// Whether a worker may send now. `unknown` may not: it must be reconciled first.
    public var maySend: Bool { self == .scheduled }

    static func eventName(_ event: PublicationEvent) -> String {
        switch event {
        case .leased: "leased"
        case .accepted: "accepted"
        case .deferred: "deferred"
        case .refused: "refused"
        case .outcomeUnknown: "outcomeUnknown"
        case .leaseExpired: "leaseExpired"
        case .foundOnPlatform: "foundOnPlatform"
        case .notFoundOnPlatform: "notFoundOnPlatform"
        case .confirmedPublished: "confirmedPublished"
        case .confirmedMissing: "confirmedMissing"
        case .retryRequested: "retryRequested"
        case .cannotLookUp: "cannotLookUp"
        }
    }
}
