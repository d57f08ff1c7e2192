import FluentKit
import Foundation
import HeraldCore
import HeraldStore
import SQLKit

/// Turns due scheduled posts into one publication and one publish job per channel. Safe to run
/// from several processes: a publication is unique per target and the job's dedupe key is the
/// publication's id, so a second tick adds nothing. Works in batches of due targets that have no
/// publication yet, so its cost follows the work to do, not the size of the calendar.
public enum Scheduler {
    public static let publishKind = "publish"

    /// Returns how many publications it created.
    @discardableResult
    public static func tick(now: Date = Date(), batch: Int = 500, on database: any Database) async throws -> Int {
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
                try await database.transaction { tx in
                    for row in rows {
                        let publication = PublicationRecord(
                            workspaceID: try row.decode(column: "workspace_id", as: UUID.self),
                            postID: try row.decode(column: "post_id", as: UUID.self),
                            targetID: try row.decode(column: "target_id", as: UUID.self),
                            channelID: try row.decode(column: "channel_id", as: UUID.self))
                        try await publication.create(on: tx)
                        let id = try publication.requireID().uuidString
                        try await JobStore.enqueue(kind: publishKind, payload: id, dedupeKey: "publish:\(id)",
                                                   runAt: try row.decode(column: "scheduled_at", as: Date.self), priority: 10,
                                                   now: now, on: tx)
                    }
                }
                created += rows.count
            } catch let error as any DatabaseError where error.isConstraintFailure {
                continue  // another scheduler took some of these first; look again
            }
            if rows.count < batch { return created }
        }
    }
}
