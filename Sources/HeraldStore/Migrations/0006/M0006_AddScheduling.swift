import FluentKit

/// When a post goes out (the planned wall-clock time, its zone, and the UTC instant it denotes),
/// each channel's weekly posting slots, the per-user calendar feed version, and whether a
/// workspace requires approval before scheduling.
struct M0006_AddScheduling: AtomicMigration {
    var name: String { "0006_add_scheduling" }

    func apply(on database: any Database) async throws {
        try await database.addColumns(Post.schema, [("scheduled_at", .datetime), ("scheduled_local", .string),
                                                    ("scheduled_zone", .string)])
        try await database.addColumns(SocialChannel.schema, [("posting_slots", .string)])
        try await database.addColumns(User.schema, [("calendar_feed_version", .int)])
        try await database.addColumns(Workspace.schema, [("approval_required", .bool)])
    }

    func undo(on database: any Database) async throws {
        try await database.dropColumns(Workspace.schema, ["approval_required"])
        try await database.dropColumns(User.schema, ["calendar_feed_version"])
        try await database.dropColumns(SocialChannel.schema, ["posting_slots"])
        try await database.dropColumns(Post.schema, ["scheduled_zone", "scheduled_local", "scheduled_at"])
    }
}
