import FluentKit
import SQLKit

/// Connecting by OAuth: the app Herald registered on each server (Mastodon registers apps per
/// server), the short-lived state of each connection in progress (single use, bound to the person
/// who started it, with its PKCE verifier sealed), and a channel's own limits as its server
/// reports them (Mastodon's `/api/v2/instance`).
struct M0022_CreateOAuth: AtomicMigration {
    var name: String { "0022_create_oauth" }

    func apply(on database: any Database) async throws {
        try await database.schema(OAuthApp.schema)
            .id()
            .field("platform", .string, .required)
            .field("server", .string, .required)
            .field("redirect_uri", .string, .required)
            .field("client_id", .string, .required)
            .field("sealed_secret", .data, .required)
            .field("created_at", .datetime)
            .unique(on: "platform", "server", "redirect_uri")
            .create()
        try await database.schema(OAuthState.schema)
            .id()
            .field("state_hash", .string, .required)
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("platform", .string, .required)
            .field("server", .string, .required)
            .field("name", .string, .required)
            .field("channel_id", .uuid)
            .field("sealed_verifier", .data, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "state_hash")
            .create()
        try await database.addColumns(SocialChannel.schema, [("platform_limits", .string)])
    }

    func undo(on database: any Database) async throws {
        try await database.dropColumns(SocialChannel.schema, ["platform_limits"])
        try await database.schema(OAuthState.schema).delete()
        try await database.schema(OAuthApp.schema).delete()
    }
}
