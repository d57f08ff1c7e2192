import FluentKit
import SQLKit

/// Service levels: each workspace's business hours and targets (JSON; defaults when empty), and
/// when each inbox item was first answered and settled.
struct M0032_ServiceLevels: AtomicMigration {
    var name: String { "0032_service_levels" }

    func apply(on database: any Database) async throws {
        try await database.addColumns(Workspace.schema, [("business_hours", .string), ("service_targets", .string)])
        try await database.addColumns(InboxItem.schema, [("first_response_at", .datetime), ("resolved_at", .datetime)])
        guard let sql = database as? any SQLDatabase else { return }
        // What was already answered or done keeps its time as well as can be known.
        try await sql.raw("""
            UPDATE inbox_items SET first_response_at = (SELECT MIN(r.created_at) FROM inbox_replies r
                                                         WHERE r.item_id = inbox_items.id AND r.state = 'published')
            """).run()
        try await sql.raw("UPDATE inbox_items SET resolved_at = updated_at WHERE status = 'done'").run()
    }

    func undo(on database: any Database) async throws {
        try await database.dropColumns(InboxItem.schema, ["first_response_at", "resolved_at"])
        try await database.dropColumns(Workspace.schema, ["business_hours", "service_targets"])
    }
}
