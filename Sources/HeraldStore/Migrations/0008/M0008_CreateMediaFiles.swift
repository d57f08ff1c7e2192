import FluentKit

/// The media library.
struct M0008_CreateMediaFiles: AtomicMigration {
    var name: String { "0008_create_media_files" }

    func apply(on database: any Database) async throws {
        try await database.schema(MediaFile.schema)
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("file_name", .string, .required)
            .field("format", .string, .required)
            .field("bytes", .int64, .required)
            .field("width", .int)
            .field("height", .int)
            .field("duration_ms", .int64)
            .field("alt_text", .string, .required)
            .field("tags", .string, .required)
            .field("folder", .string, .required)
            .field("sha256", .string, .required)
            .field("uploaded_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("created_at", .datetime)
            .create()
    }

    func undo(on database: any Database) async throws {
        try await database.schema(MediaFile.schema).delete()
    }
}
