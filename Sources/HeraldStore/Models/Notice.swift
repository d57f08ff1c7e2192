import FluentKit
import Foundation

/// Something a person should know that is not a publication's own outcome: a post that should
/// have gone out and did not (the hourly sweep), a credential about to expire. One per
/// `dedupeKey`, so finding the same thing again adds nothing; dismissed or resolved ones keep
/// `resolvedAt`.
public final class Notice: Model, WorkspaceScoped, @unchecked Sendable {
    public static let schema = "notices"
    public static var workspaceIDKey: KeyPath<Notice, FieldProperty<Notice, UUID>> { \.$workspace.$id }

    public enum Kind: String, Sendable, CaseIterable {
        /// Due more than a quarter of an hour ago and not out on every channel.
        case missedPost = "missed_post"
        /// A credential that cannot be refreshed expires soon (detail: when).
        case credentialExpiring = "credential_expiring"
        /// A credential expired: the channel needs reconnecting.
        case credentialExpired = "credential_expired"
    }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "workspace_id") public var workspace: Workspace
    @Field(key: "kind") public var kindName: String
    @OptionalParent(key: "post_id") public var post: Post?
    @OptionalParent(key: "channel_id") public var channel: SocialChannel?
    @OptionalField(key: "detail") public var detail: String?
    @Field(key: "dedupe_key") public var dedupeKey: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "resolved_at") public var resolvedAt: Date?

    public init() {}

    public init(workspaceID: UUID, kind: Kind, postID: UUID? = nil, channelID: UUID? = nil, detail: String?, dedupeKey: String,
                at: Date) {
        self.$workspace.id = workspaceID
        self.kindName = kind.rawValue
        self.$post.id = postID
        self.$channel.id = channelID
        self.detail = detail
        self.dedupeKey = dedupeKey
        self.createdAt = at
    }

    public var kind: Kind? { Kind(rawValue: kindName) }

    /// Records the notice unless one with its key exists; returns whether it was new.
    @discardableResult
    public func record(on database: any Database) async throws -> Bool {
        if try await Notice.query(on: database).filter(\.$dedupeKey == dedupeKey).first() != nil { return false }
        do {
            try await create(on: database)
            return true
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return false  // another process recorded it first
        }
    }
}
