import FluentKit
import SQLKit

/// Routing the inbox: each item's mood and urgency (read when it arrives), the workspace's ordered
/// routing rules, its saved replies, and each item's history of what was done to it and by whom
/// (a rule or a person).
struct M0030_InboxRouting: AtomicMigration {
    var name: String { "0030_inbox_routing" }

    func apply(on database: any Database) async throws {
        try await database.addColumns(InboxItem.schema, [("sentiment", .string), ("urgent", .bool)])
        try await database.schema(RoutingRule.schema)
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("position", .int, .required)
            .field("name", .string, .required)
            .field("enabled", .bool, .required)
            .field("conditions", .string, .required)
            .field("actions", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(SavedReply.schema)
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("language", .string)
            .field("text", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "workspace_id", "name")
            .create()
        try await database.schema(InboxEvent.schema)
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("item_id", .uuid, .required, .references(InboxItem.schema, .id, onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("user_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("rule_id", .uuid, .references(RoutingRule.schema, .id, onDelete: .setNull))
            .field("rule_name", .string)
            .field("kind", .string, .required)
            .field("detail", .string)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX inbox_events_item ON inbox_events (item_id, at)").run()
        try await sql.raw("CREATE INDEX routing_rules_workspace ON routing_rules (workspace_id, position)").run()
    }

    func undo(on database: any Database) async throws {
        try await database.schema(InboxEvent.schema).delete()
        try await database.schema(SavedReply.schema).delete()
        try await database.schema(RoutingRule.schema).delete()
        try await database.dropColumns(InboxItem.schema, ["sentiment", "urgent"])
    }
}
