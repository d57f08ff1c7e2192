import FluentKit
import Foundation

/// One of a workspace's ordered routing rules: when an item matches `conditions` (JSON), `actions`
/// (JSON) are applied — in order of `position`, each rule on what the ones before left.
public final class RoutingRule: Model, WorkspaceScoped, @unchecked Sendable {
    public static let schema = "routing_rules"
    public static var workspaceIDKey: KeyPath<RoutingRule, FieldProperty<RoutingRule, UUID>> { \.$workspace.$id }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "workspace_id") public var workspace: Workspace
    @Field(key: "position") public var position: Int
    @Field(key: "name") public var name: String
    @Field(key: "enabled") public var enabled: Bool
    @Field(key: "conditions") public var conditions: String
    @Field(key: "actions") public var actions: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}

/// An answer the team reuses, with variables (`{name}`, `{post_link}`, or its own to fill in), in one language or any.
public final class SavedReply: Model, WorkspaceScoped, @unchecked Sendable {
    public static let schema = "saved_replies"
    public static var workspaceIDKey: KeyPath<SavedReply, FieldProperty<SavedReply, UUID>> { \.$workspace.$id }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "workspace_id") public var workspace: Workspace
    @Field(key: "name") public var name: String
    @OptionalField(key: "language") public var language: String?
    @Field(key: "text") public var text: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

/// Something done to an inbox item, by a person or by a routing rule: the item's history.
public final class InboxEvent: Model, WorkspaceScoped, @unchecked Sendable {
    public static let schema = "inbox_events"
    public static var workspaceIDKey: KeyPath<InboxEvent, FieldProperty<InboxEvent, UUID>> { \.$workspace.$id }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "workspace_id") public var workspace: Workspace
    @Parent(key: "item_id") public var item: InboxItem
    @Field(key: "at") public var at: Date
    @OptionalField(key: "user_id") public var userID: UUID?
    @OptionalField(key: "rule_id") public var ruleID: UUID?
    /// The rule's name when it acted (kept if the rule is removed later).
    @OptionalField(key: "rule_name") public var ruleName: String?
    /// `assigned`, `department`, `labels`, `priority`, `hidden`, `replied`…
    @Field(key: "kind") public var kind: String
    @OptionalField(key: "detail") public var detail: String?

    public init() {}

    public init(workspaceID: UUID, itemID: UUID, at: Date, userID: UUID? = nil, ruleID: UUID? = nil, ruleName: String? = nil,
                kind: String, detail: String?) {
        self.$workspace.id = workspaceID
        self.$item.id = itemID
        self.at = at
        self.userID = userID
        self.ruleID = ruleID
        self.ruleName = ruleName
        self.kind = kind
        self.detail = detail
    }
}
