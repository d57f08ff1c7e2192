import FluentKit

/// A variant's thread: the posts that follow it as the account's own replies, as a JSON array of
/// texts. Each is sent as a step of its publication (`publication_steps`, kind `thread:<n>`), in
/// order, so a lost answer in the middle resumes after the last part known to be out.
struct M0023_AddThreads: AtomicMigration {
    var name: String { "0023_add_threads" }

    func apply(on database: any Database) async throws {
        try await database.addColumns(PostTarget.schema, [("thread", .string)])
    }

    func undo(on database: any Database) async throws {
        try await database.dropColumns(PostTarget.schema, ["thread"])
    }
}
