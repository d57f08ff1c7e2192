import FluentKit
import SQLKit

/// Publications say why in a typed column (`problem`, a `PublicationProblem`) beside the
/// platform's own words (`reason`, now only ever the platform's message), when the last attempt
/// was sent (`sent_at`, the window reconciliation reads), and how an unknown outcome was resolved
/// (`resolution`). Channels can be archived (`archived_at`): a channel with published history
/// is archived, not deleted. The database guards publications that may be out
/// (`PublicationGuard`). Rows written before get a problem from their old reason.
struct M0017_TypedPublicationProblems: AtomicMigration {
    var name: String { "0017_typed_publication_problems" }

    func apply(on database: any Database) async throws {
        try await database.addColumns(PublicationRecord.schema, [("problem", .string), ("sent_at", .datetime), ("resolution", .string)])
        try await database.addColumns(SocialChannel.schema, [("archived_at", .datetime)])
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            UPDATE publications SET problem = CASE
                WHEN state = 'unknown' AND reason LIKE 'the worker stopped%' THEN 'worker_stopped'
                WHEN state = 'unknown' THEN 'no_answer'
                WHEN reason LIKE 'The account needs reconnecting%' THEN 'needs_reconnect'
                WHEN reason LIKE 'gave up after%' THEN 'gave_up'
                WHEN reason LIKE 'no connector for%' THEN 'no_connector'
                ELSE 'rejected' END
            WHERE state IN ('failed', 'unknown')
            """).run()
        try await PublicationGuard.install(on: sql)
    }

    func undo(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await PublicationGuard.remove(on: sql) }
        try await database.dropColumns(SocialChannel.schema, ["archived_at"])
        try await database.dropColumns(PublicationRecord.schema, ["problem", "sent_at", "resolution"])
    }
}
