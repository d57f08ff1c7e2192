import FluentKit

/// Organisations, workspaces, users and memberships: who may see what.
struct M0001_CreateTenancy: AsyncMigration {
    var name: String { "0001_create_tenancy" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Organization.schema)
            .id()
            .field("name", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(Workspace.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("time_zone", .string, .required)
            .field("language", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(User.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("password_hash", .string, .required)
            .field("organization_role", .string, .required)
            .field("language", .string)
            .field("created_at", .datetime)
            .unique(on: "email")
            .create()
        try await database.schema(Membership.schema)
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("role", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "workspace_id", "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Membership.schema).delete()
        try await database.schema(User.schema).delete()
        try await database.schema(Workspace.schema).delete()
        try await database.schema(Organization.schema).delete()
    }
}
