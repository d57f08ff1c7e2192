import FluentKit
import SQLKit

/// Reports for clients: a workspace may ask for one every month; each month's report is a row
/// (its period, in the workspace's zone), listed for everyone in the workspace — the client's
/// approvers too. The figures are read when the report is opened.
struct M0036_CreateClientReports: AtomicMigration {
    var name: String { "0036_create_client_reports" }

    func apply(on database: any Database) async throws {
        try await database.addColumns(Workspace.schema, [("monthly_reports", .bool)])
        try await database.schema("client_reports")
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("first_day", .string, .required)
            .field("last_day", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "workspace_id", "first_day", "last_day")
            .create()
    }

    func undo(on database: any Database) async throws {
        try await database.schema("client_reports").delete()
        try await database.dropColumns(Workspace.schema, ["monthly_reports"])
    }
}
