import FluentKit
import Foundation

/// A channel a post goes to, with that channel's own version of it. Nil fields fall back to
/// the post's.
public final class PostTarget: Model, WorkspaceScoped, @unchecked Sendable {
    public static let schema = "post_targets"
    public static var workspaceIDKey: KeyPath<PostTarget, FieldProperty<PostTarget, UUID>> { \.$workspace.$id }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "workspace_id") public var workspace: Workspace
    @Parent(key: "post_id") public var post: Post
    @Parent(key: "channel_id") public var channel: SocialChannel
    @OptionalField(key: "text") public var text: String?
    @OptionalField(key: "first_comment") public var firstComment: String?
    @OptionalField(key: "link") public var link: String?
    /// nil: the post's files; a list (possibly empty): this channel's own.
    @OptionalField(key: "media_ids") public var mediaIDsJSON: String?
    @OptionalField(key: "options") public var optionsJSON: String?
    /// JSON array of the thread's later posts (see `thread`).
    @OptionalField(key: "thread") public var threadJSON: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public var ownMediaIDs: [UUID]? {
        get { mediaIDsJSON.map { UUIDList.decode($0) } }
        set { mediaIDsJSON = newValue.map { (try? JSONEncoder().encode($0)).map { String(decoding: $0, as: UTF8.self) } ?? "[]" } }
    }

    /// Validated platform options (see `PlatformOption`).
    public var options: [String: String] {
        get { Self.options(optionsJSON) }
        set { optionsJSON = newValue.isEmpty ? nil : (try? JSONEncoder().encode(newValue)).map { String(decoding: $0, as: UTF8.self) } }
    }

    /// The posts that follow this one as a thread, in order (empty: no thread).
    public var thread: [String] {
        get { Self.thread(threadJSON) }
        set { threadJSON = newValue.isEmpty ? nil : (try? JSONEncoder().encode(newValue)).map { String(decoding: $0, as: UTF8.self) } }
    }

    static func thread(_ json: String?) -> [String] {
        guard let json, let parts = try? JSONDecoder().decode([String].self, from: Data(json.utf8)) else { return [] }
        return parts
    }

    public init() {}

    public init(workspaceID: UUID, postID: UUID, channelID: UUID, text: String?, firstComment: String?, link: String?) {
        self.$workspace.id = workspaceID
        self.$post.id = postID
        self.$channel.id = channelID
        self.text = text
        self.firstComment = firstComment
        self.link = link
    }

    static func options(_ json: String?) -> [String: String] {
        guard let json, let data = json.data(using: .utf8),
              let value = try? JSONDecoder().decode([String: String].self, from: data) else { return [:] }
        return value
    }
}
