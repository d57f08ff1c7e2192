import FluentKit
import SQLKit

/// What waits for a person is counted on every page (the bell): posts in review, replies waiting
/// for approval, publications and their later steps (first comments, thread parts) that failed or
/// are unknown, and a post's last workflow step. Each
/// count reads an index that starts with the rare state, so a workspace of 100,000 scheduled
/// posts costs nothing more. The daily digest remembers the last day it went out per workspace,
/// and a channel whose platform answered "too many requests" to a metrics reading, until when it waits.
struct M0041_WaitingQueue: AtomicMigration {
    var name: String { "0041_waiting_queue" }

    func apply(on database: any Database) async throws {
        try await database.addColumns("workspaces", [("digest_day", .string)])
        // Reading a channel's numbers waits until then after the platform said "too many requests".
        try await database.addColumns("channels", [("metrics_paused_until", .datetime)])
        // When a post's numbers were last asked for, answered or not: a post the platform no longer
        // has must not stay first in line for every round.
        try await database.addColumns("publications", [("metrics_asked_at", .datetime)])
        // Whether an inbox item's author followed the account when it arrived (NULL: not asked).
        try await database.addColumns("inbox_items", [("author_follows", .bool)])
        // Deleted on the platform (followed by asking, see ConversationChecking), and when it was last asked.
        try await database.addColumns("inbox_items", [("deleted_at", .datetime), ("checked_at", .datetime)])
        // What a Sandbox account did to its audience's comments (liked, hid), as a platform would keep it.
        try await database.schema("sandbox_moderation")
            .field("event_id", .uuid, .required)
            .field("action", .string, .required)
            .field("at", .datetime, .required)
            .unique(on: "event_id", "action")
            .create()
        // Removed short links, so that every process forgets them from its memory (not only the one that removed them).
        try await database.schema("short_link_removals")
            .field("slug", .string, .required)
            .field("removed_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX short_link_removals_at ON short_link_removals (removed_at)").run()
        try await sql.raw("CREATE INDEX posts_status_workspace ON posts (status, workspace_id, author_id)").run()
        try await sql.raw("CREATE INDEX publications_state_workspace ON publications (state, workspace_id)").run()
        try await sql.raw("CREATE INDEX inbox_replies_state_workspace ON inbox_replies (state, workspace_id)").run()
        try await sql.raw("CREATE INDEX publication_steps_state_workspace ON publication_steps (state, workspace_id)").run()
        try await sql.raw("CREATE INDEX post_events_post ON post_events (post_id, created_at)").run()
    }

    func undo(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            for index in ["posts_status_workspace", "publications_state_workspace", "inbox_replies_state_workspace",
                          "publication_steps_state_workspace", "post_events_post"] {
                try await sql.raw("DROP INDEX \(ident: index)").run()
            }
        }
        try await database.schema("sandbox_moderation").delete()
        try await database.schema("short_link_removals").delete()
        try await database.dropColumns("inbox_items", ["author_follows", "deleted_at", "checked_at"])
        try await database.dropColumns("publications", ["metrics_asked_at"])
        try await database.dropColumns("channels", ["metrics_paused_until"])
        try await database.dropColumns("workspaces", ["digest_day"])
    }
}
