import FluentKit

/// Platform options per channel of a post (JSON object of strings).
struct M0011_AddTargetOptions: AtomicMigration {
    var name: String { "0011_add_target_options" }

    func apply(on database: any Database) async throws {
        try await database.addColumns(PostTarget.schema, [("options", .string)])
    }

    func undo(on database: any Database) async throws {
        try await database.dropColumns(PostTarget.schema, ["options"])
    }
}
