import FluentKit
import Foundation
import SQLKit

/// The scheduler's database work: due targets without a publication become publications and
/// publish jobs, a batch at a time, with one multi-row INSERT per table.
public enum DuePublications {
    public static let publishKind = "publish"

    /// Returns how many publications it created.
    public static func create(now: Date, batch: Int, on database: any Database) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        var created = 0
        while true {
            let rows = try await sql.raw("""
                SELECT t.id AS target_id, t.workspace_id, t.post_id, t.channel_id, p.scheduled_at
                FROM post_targets t JOIN posts p ON p.id = t.post_id
                WHERE p.status = 'scheduled' AND p.scheduled_at <= \(bind: now)
                  AND NOT EXISTS (SELECT 1 FROM publications x WHERE x.target_id = t.id)
                ORDER BY p.scheduled_at
                LIMIT \(literal: batch)
                """).all()
            if rows.isEmpty { return created }
            do {
                // One multi-row INSERT per table: a due burst of thousands of posts becomes jobs in
                // a few statements. A concurrent scheduler's overlap trips the unique keys and the
                // batch is looked at again.
                try await database.transaction { tx in
                    guard let tx = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
                    let publications = tx.insert(into: PublicationRecord.schema)
                        .columns("id", "workspace_id", "post_id", "target_id", "channel_id", "state", "attempt",
                                 "idempotency_key", "created_at", "updated_at")
                    let jobs = tx.insert(into: "jobs")
                        .columns("id", "kind", "payload", "dedupe_key", "state", "priority", "run_at", "attempts",
                                 "max_attempts", "created_at", "updated_at")
                    for row in rows {
                        let publicationID = UUID()
                        publications.values(
                            SQLBind(publicationID), SQLBind(try row.decode(column: "workspace_id", as: UUID.self)),
                            SQLBind(try row.decode(column: "post_id", as: UUID.self)),
                            SQLBind(try row.decode(column: "target_id", as: UUID.self)),
                            SQLBind(try row.decode(column: "channel_id", as: UUID.self)), SQLBind("scheduled"), SQLBind(0),
                            SQLBind(UUID().uuidString.lowercased()), SQLBind(now), SQLBind(now))
                        jobs.values(
                            SQLBind(UUID()), SQLBind(publishKind), SQLBind(publicationID.uuidString),
                            SQLBind("publish:\(publicationID.uuidString)"), SQLBind("queued"), SQLBind(10),
                            SQLBind(try row.decode(column: "scheduled_at", as: Date.self)), SQLBind(0), SQLBind(8),
                            SQLBind(now), SQLBind(now))
                    }
                    try await publications.run()
                    try await jobs.run()
                }
                created += rows.count
            } catch let error as any DatabaseError where error.isConstraintFailure {
                continue  // another scheduler took some of these first; look again
            }
            if rows.count < batch { return created }
        }
    }
}
