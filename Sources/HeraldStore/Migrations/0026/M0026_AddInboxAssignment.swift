import FluentKit
import SQLKit

/// Who on the team answers an inbox item.
struct M0026_AddInboxAssignment: AtomicMigration {
    var name: String { "0026_add_inbox_assignment" }

    func apply(on database: any Database) async throws {
        try await database.addColumns(InboxItem.schema, [("assigned_to", .uuid)])
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX inbox_items_workspace_assigned ON inbox_items (workspace_id, assigned_to)").run()
    }

    func undo(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.raw("DROP INDEX inbox_items_workspace_assigned").run() }
        try await database.dropColumns(InboxItem.schema, ["assigned_to"])
    }
}
