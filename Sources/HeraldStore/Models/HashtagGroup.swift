import FluentKit
import Foundation

/// A saved set of hashtags ("#весна #скидки #acme") a writer inserts in one click.
public final class HashtagGroup: Model, WorkspaceScoped, @unchecked Sendable {
    public static let schema = "hashtag_groups"
    public static var workspaceIDKey: KeyPath<HashtagGroup, FieldProperty<HashtagGroup, UUID>> { \.$workspace.$id }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "workspace_id") public var workspace: Workspace
    @Field(key: "name") public var name: String
    @Field(key: "tags") public var tags: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(workspaceID: UUID, name: String, tags: String) {
        self.$workspace.id = workspaceID
        self.name = name
        self.tags = tags
    }
}
