import FluentKit

/// A post's client approval links carry this number in their signature; revoking them bumps it.
struct M0019_AddApprovalLinkRevision: AtomicMigration {
    var name: String { "0019_add_approval_link_revision" }

    func apply(on database: any Database) async throws {
        try await database.addColumns(Post.schema, [("approval_link_revision", .int)])
    }

    func undo(on database: any Database) async throws {
        try await database.dropColumns(Post.schema, ["approval_link_revision"])
    }
}
