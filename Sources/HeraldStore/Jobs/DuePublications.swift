import FluentKit
import Foundation
import HeraldCore
import SQLKit

/// The scheduler's database work: due targets without a publication become publications and
/// publish jobs, a batch at a time, with one multi-row INSERT per table.
public enum DuePublications {
    public static let publishKind = "publish"

    /// The publish job's dedupe key for a publication: one job per publication at a time.
    public static func jobKey(_ publicationID: UUID) -> String { "publish:\(publicationID.text)" }

    /// Returns how many publications it created. Posts due within `lookahead` get theirs now,
    /// with jobs that run at the post's time: the work is done before the post is due.
    public static func create(now: Date, lookahead: TimeInterval = 0, batch: Int, on database: any Database) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        var created = 0
        while true {
            let rows = try await sql.raw("""
                SELECT t.id AS target_id, t.workspace_id, t.post_id, t.channel_id, p.scheduled_at
                FROM post_targets t JOIN posts p ON p.id = t.post_id
                WHERE p.status = 'scheduled' AND p.dispatched_at IS NULL AND p.scheduled_at <= \(bind: now.addingTimeInterval(lookahead))
                  AND NOT EXISTS (SELECT 1 FROM publications x WHERE x.target_id = t.id)
                ORDER BY p.scheduled_at
                LIMIT \(literal: batch)
                """).all()
            if rows.isEmpty { return created }
            do {
                // One multi-row INSERT per table: a due burst of thousands of posts becomes jobs in
                // a few statements. A concurrent scheduler's overlap trips the unique keys and the
                // batch is looked at again.
                try await database.writeTransaction { tx in
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
                            SQLBind(UUID().text.lowercased()), SQLBind(now), SQLBind(now))
                        jobs.values(
                            SQLBind(UUID()), SQLBind(publishKind), SQLBind(publicationID.text),
                            SQLBind(jobKey(publicationID)), SQLBind("queued"), SQLBind(10),
                            SQLBind(try row.decode(column: "scheduled_at", as: Date.self)), SQLBind(0), SQLBind(8),
                            SQLBind(now), SQLBind(now))
                    }
                    try await publications.run()
                    try await jobs.run()
                    // Posts with a publication for every target are handed over: later scans skip them.
                    let postIDs = Set(try rows.map { try $0.decode(column: "post_id", as: UUID.self) })
                    try await tx.raw("""
                        UPDATE posts SET dispatched_at = \(bind: now)
                        WHERE id IN (\(binds: Array(postIDs))) AND NOT EXISTS (
                            SELECT 1 FROM post_targets t WHERE t.post_id = posts.id
                              AND NOT EXISTS (SELECT 1 FROM publications x WHERE x.target_id = t.id))
                        """).run()
                }
                created += rows.count
            } catch let error as any DatabaseError where error.isConstraintFailure {
                continue  // another scheduler took some of these first; look again
            }
            if rows.count < batch { return created }
        }
    }

    /// Takes back what the scheduler handed over for a post that is being edited, rescheduled or
    /// unscheduled: its queued jobs and its not-yet-sent publications go, and it will be scanned
    /// again. Refused (nothing changed) when a publication has gone out, may have, or is going now.
    public static func withdraw(postID: UUID, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let rows = try await sql.raw("""
            SELECT p.id, p.state, c.name FROM publications p JOIN channels c ON c.id = p.channel_id
            WHERE p.post_id = \(bind: postID)
            """).all()
        guard !rows.isEmpty else {
            try await sql.raw("UPDATE posts SET dispatched_at = NULL WHERE id = \(bind: postID)").run()
            return
        }
        var ids: [UUID] = []
        for row in rows {
            let kind = PublicationState.Kind(rawValue: try row.decode(column: "state", as: String.self))
            let channel = try row.decode(column: "name", as: String.self)
            switch kind {
            case .published: throw PublicationsLocked(channel: channel, reason: .published)
            case .unknown: throw PublicationsLocked(channel: channel, reason: .unknown)
            case .publishing, nil: throw PublicationsLocked(channel: channel, reason: .inFlight)
            case .scheduled, .failed: ids.append(try row.decode(column: "id", as: UUID.self))
            }
        }
        let keys = ids.map(jobKey)
        let running = try await sql.raw("""
            SELECT id FROM jobs WHERE dedupe_key IN (\(binds: keys)) AND state = 'running'
            """).all()
        if !running.isEmpty, let channel = try rows.first.map({ try $0.decode(column: "name", as: String.self) }) {
            throw PublicationsLocked(channel: channel, reason: .inFlight)
        }
        try await sql.raw("DELETE FROM jobs WHERE dedupe_key IN (\(binds: keys))").run()
        try await sql.raw("DELETE FROM publications WHERE id IN (\(binds: ids))").run()
        try await sql.raw("UPDATE posts SET dispatched_at = NULL WHERE id = \(bind: postID)").run()
    }
}

extension DuePublications {
    /// A publication put back on the schedule (a person asked to retry, or said it is missing):
    /// its finished job makes way for a new one, due now; one still waiting is brought forward.
    public static func requeue(_ publicationID: UUID, now: Date, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        try await sql.raw("DELETE FROM jobs WHERE dedupe_key = \(bind: jobKey(publicationID)) AND state IN ('done', 'failed')").run()
        try await sql.raw("""
            UPDATE jobs SET run_at = \(bind: now), last_error = NULL WHERE dedupe_key = \(bind: jobKey(publicationID)) AND state = 'queued'
            """).run()
        try await JobStore.enqueue(kind: publishKind, payload: publicationID.text, dedupeKey: jobKey(publicationID),
                                   runAt: now, priority: 10, now: now, on: database)
    }
}

/// A post cannot be changed: one of its publications went out (or may have, or is going now).
public struct PublicationsLocked: Error, Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        case published
        case inFlight
        /// Sent without an answer: a person or reconciliation must say whether it is out.
        case unknown
    }

    public var channel: String
    public var reason: Reason
}
