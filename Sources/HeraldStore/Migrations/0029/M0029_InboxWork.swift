import FluentKit
import SQLKit

/// Working the inbox: each item's priority, labels (stored `,a,b,` so one label is found with
/// LIKE), snooze and department; departments with their members; and full-text search — SQLite
/// FTS5 over the items' text and author (kept in step by triggers), PostgreSQL a `tsvector` of
/// the russian, english and simple configurations with a GIN index.
struct M0029_InboxWork: AtomicMigration {
    var name: String { "0029_inbox_work" }

    func apply(on database: any Database) async throws {
        try await database.schema(Department.schema)
            .id()
            .field("workspace_id", .uuid, .required, .references(Workspace.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "workspace_id", "name")
            .create()
        try await database.schema(DepartmentMember.schema)
            .id()
            .field("department_id", .uuid, .required, .references(Department.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .unique(on: "department_id", "user_id")
            .create()
        try await database.addColumns(InboxItem.schema, [("priority", .string), ("labels", .string), ("snoozed_until", .datetime),
                                                         ("department_id", .uuid)])
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("UPDATE inbox_items SET priority = 'normal', labels = ''").run()
        try await sql.raw("CREATE INDEX inbox_items_workspace_at ON inbox_items (workspace_id, at)").run()
        try await sql.raw("CREATE INDEX inbox_items_author ON inbox_items (workspace_id, author_id)").run()
        if sql.isPostgreSQL {
            try await sql.raw("""
                ALTER TABLE inbox_items ADD COLUMN search tsvector GENERATED ALWAYS AS (
                    to_tsvector('russian', text) || to_tsvector('english', text) || to_tsvector('simple', author_name)) STORED
                """).run()
            try await sql.raw("CREATE INDEX inbox_items_search ON inbox_items USING GIN (search)").run()
        } else {
            try await sql.raw("""
                CREATE VIRTUAL TABLE inbox_search USING fts5(text, author_name, content='inbox_items', content_rowid='rowid',
                                                             tokenize='unicode61 remove_diacritics 2')
                """).run()
            try await sql.raw("""
                CREATE TRIGGER inbox_search_insert AFTER INSERT ON inbox_items BEGIN
                    INSERT INTO inbox_search (rowid, text, author_name) VALUES (new.rowid, new.text, new.author_name);
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER inbox_search_delete AFTER DELETE ON inbox_items BEGIN
                    INSERT INTO inbox_search (inbox_search, rowid, text, author_name) VALUES ('delete', old.rowid, old.text, old.author_name);
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER inbox_search_update AFTER UPDATE OF text, author_name ON inbox_items BEGIN
                    INSERT INTO inbox_search (inbox_search, rowid, text, author_name) VALUES ('delete', old.rowid, old.text, old.author_name);
                    INSERT INTO inbox_search (rowid, text, author_name) VALUES (new.rowid, new.text, new.author_name);
                END
                """).run()
            try await sql.raw("INSERT INTO inbox_search (inbox_search) VALUES ('rebuild')").run()
        }
    }

    func undo(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            if sql.isPostgreSQL {
                try await sql.raw("ALTER TABLE inbox_items DROP COLUMN search").run()
            } else {
                for trigger in ["inbox_search_insert", "inbox_search_delete", "inbox_search_update"] {
                    try await sql.raw("DROP TRIGGER \(unsafeRaw: trigger)").run()
                }
                try await sql.raw("DROP TABLE inbox_search").run()
            }
            try await sql.raw("DROP INDEX inbox_items_workspace_at").run()
            try await sql.raw("DROP INDEX inbox_items_author").run()
        }
        try await database.dropColumns(InboxItem.schema, ["priority", "labels", "snoozed_until", "department_id"])
        try await database.schema(DepartmentMember.schema).delete()
        try await database.schema(Department.schema).delete()
    }
}
