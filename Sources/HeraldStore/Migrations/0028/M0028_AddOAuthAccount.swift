import FluentKit

/// Connecting by signing in as a person who manages several accounts (VK ID: the community to post
/// to is chosen before the sign-in and kept with the connection in progress).
struct M0028_AddOAuthAccount: AtomicMigration {
    var name: String { "0028_add_oauth_account" }

    func apply(on database: any Database) async throws {
        try await database.addColumns(OAuthState.schema, [("account", .string)])
    }

    func undo(on database: any Database) async throws {
        try await database.dropColumns(OAuthState.schema, ["account"])
    }
}
