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
    @OptionalField(key: "reason") public var reason: String?
    @OptionalField(key: "retryable") public var retryable: Bool?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(workspaceID: UUID, postID: UUID, targetID: UUID, channelID: UUID) {
        self.$workspace.id = workspaceID
        self.$post.id = postID
        self.$target.id = targetID
        self.$channel.id = channelID
        self.stateName = "scheduled"
        self.attempt = 0
        self.idempotencyKey = UUID().uuidString.lowercased()
    }

    /// The state as the state machine sees it.
    public var state: PublicationState {
        get {
            Self.state(name: stateName, attempt: attempt, leaseOwner: leaseOwner, remoteID: remoteID, url: url,
                       publishedAt: publishedAt, reason: reason, retryable: retryable)
        }
        set {
            stateName = newValue.name
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
                reason = nil
            case .failed(let reason, let retryable):
                self.reason = reason
                self.retryable = retryable
            case .unknown(let reason):
                self.reason = reason
            }
        }
    }

    /// The state its columns describe.
    static func state(name: String, attempt: Int, leaseOwner: String?, remoteID: String?, url: String?, publishedAt: Date?,
                      reason: String?, retryable: Bool?) -> PublicationState {
        switch name {
        case "publishing": .publishing(attempt: attempt, leaseOwner: leaseOwner ?? "")
        case "published": .published(remoteID: remoteID ?? "", url: url, at: publishedAt ?? Date(timeIntervalSince1970: 0))
        case "failed": .failed(reason: reason ?? "", retryable: retryable ?? false)
        case "unknown": .unknown(reason: reason ?? "")
        default: .scheduled
        }
    }
}
