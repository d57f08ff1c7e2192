import FluentKit
import Foundation

/// One line of a post's audit log: who did what, from which status to which, with a comment.
/// `actorName` is kept as written at the time (a client signing through a link has no account).
public final class PostEvent: Model, WorkspaceScoped, @unchecked Sendable {
    public static let schema = "post_events"
    public static var workspaceIDKey: KeyPath<PostEvent, FieldProperty<PostEvent, UUID>> { \.$workspace.$id }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "workspace_id") public var workspace: Workspace
    @Parent(key: "post_id") public var post: Post
    @OptionalParent(key: "actor_id") public var actor: User?
    @Field(key: "actor_name") public var actorName: String
    @Field(key: "action") public var action: String
    @Field(key: "from_status") public var fromStatus: String
    @Field(key: "to_status") public var toStatus: String
    @OptionalField(key: "comment") public var comment: String?
    @Field(key: "created_at") public var createdAt: Date

    /// The action Herald records when a publication turned out to be on the platform twice.
    public static let publishedTwice = "published_twice"
    /// The action Herald records when a post is out on every channel.
    public static let published = "published"

    public init() {}

    public init(workspaceID: UUID, postID: UUID, actorID: UUID?, actorName: String, action: String, from: String,
                to: String, comment: String?, at date: Date = Date()) {
        self.$workspace.id = workspaceID
        self.$post.id = postID
        self.$actor.id = actorID
        self.actorName = actorName
        self.action = action
        self.fromStatus = from
        self.toStatus = to
        self.comment = comment
        self.createdAt = date
    }
}
