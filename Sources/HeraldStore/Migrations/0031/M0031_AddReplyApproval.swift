import FluentKit

/// Answers from the inbox written by editors wait for an approver, where the workspace asks for it.
struct M0031_AddReplyApproval: AtomicMigration {
    var name: String { "0031_add_reply_approval" }

    func apply(on database: any Database) async throws {
        try await database.addColumns(Workspace.schema, [("reply_approval", .bool)])
        try await database.addColumns(InboxReply.schema, [("approved_by", .uuid), ("saved_reply_id", .uuid)])
    }

    func undo(on database: any Database) async throws {
        try await database.dropColumns(InboxReply.schema, ["approved_by", "saved_reply_id"])
        try await database.dropColumns(Workspace.schema, ["reply_approval"])
    }
}
