import FluentKit
import Foundation
import HeraldCore

/// A piece of content. The composer issue adds variants per channel, media and scheduling.
public final class Post: Model, WorkspaceScoped, @unchecked Sendable {
    public static let schema = "posts"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "workspace_id") public var workspace: Workspace
    @OptionalParent(key: "author_id") public var author: User?
    @Field(key: "text") public var text: String
    @Field(key: "status") public var statusName: String
    /// Part of every client approval link's signature; bumped to revoke them all.
    @OptionalField(key: "approval_link_revision") public var approvalLinkRevision: Int?
    @OptionalField(key: "campaign_id") public var campaignID: UUID?
    /// The UTC instant the post is due; derived from `scheduledLocal` in `scheduledZone`.
    @OptionalField(key: "scheduled_at") public var scheduledAt: Date?
    /// As planned: "2026-03-30 09:00" in `scheduledZone`. Kept so a zone's rule change can be re-derived.
    @OptionalField(key: "scheduled_local") public var scheduledLocal: String?
    @OptionalField(key: "scheduled_zone") public var scheduledZone: String?
    @OptionalField(key: "is_ad") public var isAdvertisement: Bool?
    @OptionalField(key: "media_ids") public var mediaIDsJSON: String?
    @OptionalField(key: "ad_advertiser") public var adAdvertiser: String?
    @OptionalField(key: "ad_token") public var adToken: String?
    @Children(for: \.$post) public var targets: [PostTarget]
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public static var workspaceIDKey: KeyPath<Post, FieldProperty<Post, UUID>> { \.$workspace.$id }

    public init() {}

    public init(id: UUID? = nil, workspaceID: UUID, authorID: UUID?, text: String) {
        self.id = id
        self.$workspace.id = workspaceID
        self.$author.id = authorID
        self.text = text
        self.statusName = PostStatus.draft.rawValue
    }

    public var status: PostStatus { PostStatus(rawValue: statusName) ?? .draft }

    /// The start of the text, for lists, the calendar and its feed.
    public var excerpt: String { Self.excerpt(of: text) }

    /// The first 60 characters of a post's text, for lists.
    public static func excerpt(of text: String, length: Int = 60) -> String {
        text.count > length ? String(text.prefix(length)) + "…" : text
    }
    public var isAd: Bool { isAdvertisement ?? false }

    /// Library files attached, in order.
    public var mediaIDs: [UUID] {
        get { UUIDList.decode(mediaIDsJSON) }
        set { mediaIDsJSON = UUIDList.encode(newValue) }
    }
}
