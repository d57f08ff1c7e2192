import FluentKit

/// Which e-mails each person wants: one row per person and kind of event they switched off (or
/// on again). No row: on — a new member hears about what needs them without a visit to settings.
struct M0037_CreateNotificationPreferences: AtomicMigration {
    var name: String { "0037_create_notification_preferences" }

    func apply(on database: any Database) async throws {
        try await database.schema("notification_preferences")
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("event", .string, .required)
            .field("email", .bool, .required)
            .unique(on: "user_id", "event")
            .create()
    }

    func undo(on database: any Database) async throws {
        try await database.schema("notification_preferences").delete()
    }
}
