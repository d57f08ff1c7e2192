import FluentKit

/// Library files attached to a post, and per channel when a variant uses other files. Stored
/// as JSON arrays of ids; ids of files deleted since are ignored when read.
struct M0009_AddPostMedia: AtomicMigration {
    var name: String { "0009_add_post_media" }

    func apply(on database: any Database) async throws {
        try await database.addColumns(Post.schema, [("media_ids", .string)])
        try await database.addColumns(PostTarget.schema, [("media_ids", .string)])
    }

    func undo(on database: any Database) async throws {
        try await database.dropColumns(PostTarget.schema, ["media_ids"])
        try await database.dropColumns(Post.schema, ["media_ids"])
    }
}
