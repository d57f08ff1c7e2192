import SQLKit

/// The publication invariant kept by the database itself: a publication that may be on the
/// platform (publishing, published, unknown) cannot be deleted — not by a statement, not by a
/// cascade from its post, target or channel — nor moved to another post, target or channel; a
/// published one cannot lose its state or remote id. Whatever path a bug takes, the write fails
/// with `refusal` and the use case's transaction rolls back. The use cases check first and
/// answer with a sentence (409 naming the channel); this is the floor under them.
public enum PublicationGuard {
    /// The text both databases raise; `AppError` maps it to a 409 for people.
    public static let refusal = "herald: a publication that may be on the platform cannot be removed or changed"

    static func install(on sql: any SQLDatabase) async throws {
        if sql.isPostgreSQL {
            try await sql.raw("""
                CREATE FUNCTION herald_keep_publications() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        IF OLD.state IN ('publishing', 'published', 'unknown') THEN
                            RAISE EXCEPTION '\(unsafeRaw: refusal)' USING ERRCODE = 'restrict_violation';
                        END IF;
                        RETURN OLD;
                    END IF;
                    IF OLD.state IN ('publishing', 'published', 'unknown') AND (NEW.post_id <> OLD.post_id
                        OR NEW.target_id <> OLD.target_id OR NEW.channel_id <> OLD.channel_id) THEN
                        RAISE EXCEPTION '\(unsafeRaw: refusal)' USING ERRCODE = 'restrict_violation';
                    END IF;
                    IF OLD.state = 'published' AND (NEW.state <> 'published' OR NEW.remote_id IS DISTINCT FROM OLD.remote_id) THEN
                        RAISE EXCEPTION '\(unsafeRaw: refusal)' USING ERRCODE = 'restrict_violation';
                    END IF;
                    RETURN NEW;
                END $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER publications_keep BEFORE DELETE OR UPDATE ON publications
                FOR EACH ROW EXECUTE FUNCTION herald_keep_publications()
                """).run()
        } else {
            // SQLite runs foreign-key actions as statements, so cascades fire these triggers too.
            try await sql.raw("""
                CREATE TRIGGER publications_keep_on_delete BEFORE DELETE ON publications
                WHEN OLD.state IN ('publishing', 'published', 'unknown')
                BEGIN SELECT RAISE(ABORT, '\(unsafeRaw: refusal)'); END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER publications_keep_on_update BEFORE UPDATE ON publications
                WHEN (OLD.state IN ('publishing', 'published', 'unknown') AND (NEW.post_id IS NOT OLD.post_id
                        OR NEW.target_id IS NOT OLD.target_id OR NEW.channel_id IS NOT OLD.channel_id))
                    OR (OLD.state = 'published' AND (NEW.state <> 'published' OR NEW.remote_id IS NOT OLD.remote_id))
                BEGIN SELECT RAISE(ABORT, '\(unsafeRaw: refusal)'); END
                """).run()
        }
    }

    static func remove(on sql: any SQLDatabase) async throws {
        if sql.isPostgreSQL {
            try await sql.raw("DROP TRIGGER publications_keep ON publications").run()
            try await sql.raw("DROP FUNCTION herald_keep_publications()").run()
        } else {
            try await sql.raw("DROP TRIGGER publications_keep_on_delete").run()
            try await sql.raw("DROP TRIGGER publications_keep_on_update").run()
        }
    }

    /// Whether a database error is this guard's refusal.
    public static func isRefusal(_ error: any Error) -> Bool {
        String(reflecting: error).contains(refusal)
    }
}
