import FluentKit
import Foundation
import HeraldCore

/// A later step of a publication — its first comment, or one post of its thread — with the same
/// state machine as the publication itself (`PublicationState`): sent once, or failed visibly,
/// never twice.
public final class PublicationStep: Model, WorkspaceScoped, @unchecked Sendable {
    public static let schema = "publication_steps"
    public static var workspaceIDKey: KeyPath<PublicationStep, FieldProperty<PublicationStep, UUID>> { \.$workspace.$id }

    public enum Kind: Sendable, Hashable {
        /// The account's first comment (a reply to the post).
        case firstComment
        /// Pinning the post to the top of the channel or wall.
        case pin
        /// Deleting the post (and its thread and first comment where those are posts) from the
        /// platform, when a person asks: the publication stays published, as history.
        case removal
        /// Correction `n` of the post's text on the platform, when a person asks.
        case edit(Int)
        /// The platform's ids of the media uploaded for the post (one per line), kept so that a
        /// later attempt sends them instead of uploading again. Never queued.
        case media
        /// Post `n` of the thread (the post itself is 1; its parts are 2, 3, …), a reply to post `n - 1`.
        case threadPart(Int)

        public init?(rawValue: String) {
            if rawValue == "first_comment" { self = .firstComment; return }
            if rawValue == "pin" { self = .pin; return }
            if rawValue == "remove" { self = .removal; return }
            if rawValue == "media" { self = .media; return }
            if rawValue.hasPrefix("edit:"), let number = Int(rawValue.dropFirst(5)), number >= 1 { self = .edit(number); return }
            guard rawValue.hasPrefix("thread:"), let number = Int(rawValue.dropFirst(7)), number >= 2 else { return nil }
            self = .threadPart(number)
        }

        public var rawValue: String {
            switch self {
            case .firstComment: "first_comment"
            case .pin: "pin"
            case .removal: "remove"
            case .media: "media"
            case .edit(let number): "edit:\(number)"
            case .threadPart(let number): "thread:\(number)"
            }
        }
    }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "workspace_id") public var workspace: Workspace
    @Parent(key: "publication_id") public var publication: PublicationRecord
    @Field(key: "kind") public var kindName: String
    /// What is sent, as assembled when the publication went out (links tagged).
    @Field(key: "text") public var text: String
    @Field(key: "state") public var stateName: String
    @Field(key: "attempt") public var attempt: Int
    @OptionalField(key: "lease_owner") public var leaseOwner: String?
    @Field(key: "idempotency_key") public var idempotencyKey: String
    @OptionalField(key: "remote_id") public var remoteID: String?
    @OptionalField(key: "url") public var url: String?
    @OptionalField(key: "published_at") public var publishedAt: Date?
    @OptionalField(key: "problem") public var problemName: String?
    @OptionalField(key: "reason") public var platformMessage: String?
    @OptionalField(key: "sent_at") public var sentAt: Date?
    @OptionalField(key: "resolution") public var resolution: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public var kind: Kind? { Kind(rawValue: kindName) }
    public var problem: PublicationProblem? { problemName.flatMap(PublicationProblem.init(rawValue:)) }

    public var state: PublicationState {
        PublicationRecord.state(kind: PublicationState.Kind(rawValue: stateName) ?? .scheduled, attempt: attempt, leaseOwner: leaseOwner,
                                remoteID: remoteID, url: url, publishedAt: publishedAt,
                                problem: problemName.flatMap(PublicationProblem.init(rawValue:)), platformMessage: platformMessage)
    }
}
