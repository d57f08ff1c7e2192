import FluentKit

/// Links that set a password: an invitation (a member added without one) or a reset ("forgot
/// password"). Only a hash of the token is kept; each works once and until it expires. Requests for
/// a reset are counted by address and by network address (`password_requests`) to limit them,
/// whether or not the address belongs to anyone.
struct M0038_CreatePasswordLinks: AtomicMigration {
    var name: String { "0038_create_password_links" }

    func apply(on database: any Database) async throws {
        try await database.schema("password_links")
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("purpose", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema("password_requests")
            .id()
            .field("email", .string, .required)
            .field("ip", .string, .required)
            .field("requested_at", .datetime, .required)
            .create()
    }

    func undo(on database: any Database) async throws {
        try await database.schema("password_requests").delete()
        try await database.schema("password_links").delete()
    }
}
