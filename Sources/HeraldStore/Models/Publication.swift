import FluentKit
import Foundation
import HeraldCore

/// One post on one channel: its publication state (see `PublicationState`), the idempotency key
/// sent with every attempt, and what the platform answered.
public final class PublicationRecord: Model, WorkspaceScoped, @unchecked Sendable {
    public static let schema = "publications"
    public static var workspaceIDKey: KeyPath<PublicationRecord, FieldProperty<PublicationRecord, UUID>> { \.$workspace.$id }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "workspace_id") public var workspace: Workspace
    @Parent(key: "post_id") public var post: Post
    @Parent(key: "target_id") public var target: PostTarget
    @Parent(key: "channel_id") public var channel: SocialChannel
    @Field(key: "state") public var stateName: String
    @Field(key: "attempt") public var attempt: Int
    @OptionalField(key: "lease_owner") public var leaseOwner: String?
    @Field(key: "idempotency_key") public var idempotencyKey: String
    @OptionalField(key: "remote_id") public var remoteID: String?
    @OptionalField(key: "url") public var url: String?
    @OptionalField(key: "published_at") public var publishedAt: Date?
    /// The platform's own words about the last problem (quoted to people, never parsed).
    @OptionalField(key: "reason") public var platformMessage: String?
    /// Derived from `problem` (kept for readers of the column).
    @OptionalField(key: "retryable") public var retryable: Bool?
    /// A `PublicationProblem`: why it failed, why its outcome is unknown, or what is being retried.
    @OptionalField(key: "problem") public var problemName: String?
    /// When the last attempt was marked as being sent: reconciliation looks from here.
    @OptionalField(key: "sent_at") public var sentAt: Date?
    /// How an unknown outcome was resolved (by reading the platform, or by a person).
    @OptionalField(key: "resolution") public var resolution: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(workspaceID: UUID, postID: UUID, targetID: UUID, channelID: UUID) {
        self.$workspace.id = workspaceID
        self.$post.id = postID
        self.$target.id = targetID
        self.$channel.id = channelID
        self.stateName = PublicationState.Kind.scheduled.rawValue
        self.attempt = 0
        self.idempotencyKey = UUID().text.lowercased()
    }

    public var kind: PublicationState.Kind { PublicationState.Kind(rawValue: stateName) ?? .scheduled }

    public var problem: PublicationProblem? { problemName.flatMap(PublicationProblem.init(rawValue:)) }

    /// The state as the state machine sees it.
    public var state: PublicationState {
        get {
            Self.state(kind: kind, attempt: attempt, leaseOwner: leaseOwner, remoteID: remoteID, url: url, publishedAt: publishedAt,
                       problem: problem, platformMessage: platformMessage)
        }
        set {
            stateName = newValue.kind.rawValue
            switch newValue {
            case .scheduled:
                leaseOwner = nil
            case .publishing(let attempt, let owner):
                self.attempt = attempt
                leaseOwner = owner
            case .published(let id, let url, let at):
                remoteID = id
                self.url = url
                publishedAt = at
                problemName = nil
                platformMessage = nil
            case .failed(let problem, let message), .unknown(let problem, let message):
                problemName = problem.rawValue
                platformMessage = message
                retryable = problem.isRetryable
            }
        }
    }

    /// The state its columns describe.
    public static func state(kind: PublicationState.Kind, attempt: Int, leaseOwner: String?, remoteID: String?, url: String?,
                             publishedAt: Date?, problem: PublicationProblem?, platformMessage: String?) -> PublicationState {
        switch kind {
        case .scheduled: .scheduled
        case .publishing: .publishing(attempt: attempt, leaseOwner: leaseOwner ?? "")
        case .published: .published(remoteID: remoteID ?? "", url: url, at: publishedAt ?? Date(timeIntervalSince1970: 0))
        case .failed: .failed(problem ?? .rejected, platformMessage: platformMessage)
        case .unknown: .unknown(problem ?? .noAnswer, platformMessage: platformMessage)
        }
    }
}
