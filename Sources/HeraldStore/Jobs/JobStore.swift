import FluentKit
import Foundation
import SQLKit

/// A job as taken from the queue.
public struct LeasedJob: Sendable, Equatable {
    public var id: UUID
    public var kind: String
    public var payload: String
    /// Including this one.
    public var attempts: Int
    public var maxAttempts: Int
    /// When it is due (a worker may take it a little earlier, to be ready).
    public var runAt: Date
}

/// Database access for the job queue. `HeraldJobs.JobQueue` adds retry policy and workers on top.
public enum JobStore {
    /// Adds a job. With a `dedupeKey`, a second job with the same key is not added (returns false).
    @discardableResult
    public static func enqueue(kind: String, payload: String, dedupeKey: String? = nil, runAt: Date, priority: Int = 0,
                               maxAttempts: Int = 8, now: Date = Date(), on database: any Database) async throws -> Bool {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        if let dedupeKey,
           try await sql.select().column("id").from("jobs").where("dedupe_key", .equal, dedupeKey).first() != nil {
            return false
        }
        do {
            try await sql.insert(into: "jobs")
                .columns("id", "kind", "payload", "dedupe_key", "state", "priority", "run_at", "attempts", "max_attempts",
                         "created_at", "updated_at")
                .values(SQLBind(UUID()), SQLBind(kind), SQLBind(payload), SQLBind(dedupeKey), SQLBind("queued"), SQLBind(priority),
                        SQLBind(runAt), SQLBind(0), SQLBind(maxAttempts), SQLBind(now), SQLBind(now))
                .run()
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return false  // another process enqueued the same key first
        }
        return true
    }

    /// Takes up to `limit` due jobs (or jobs whose lease expired: their worker died) for `owner`.
    /// `dueBy` (default `now`) lets a worker take jobs due shortly, to prepare them before their time.
    public static func take(owner: String, limit: Int, leaseSeconds: Double, kinds: [String]? = nil, now: Date = Date(),
                            dueBy: Date? = nil, on database: any Database) async throws -> [LeasedJob] {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let dueBy = dueBy ?? now
        let rows = try await JobLeaseSQL.take(on: sql, owner: owner, limit: limit,
                                              leaseUntil: dueBy.addingTimeInterval(leaseSeconds), now: now, dueBy: dueBy, kinds: kinds)
        // RETURNING does not keep the subquery's order: sort as it chose, most urgent first.
        let sorted = try rows.sorted {
            let (p0, p1) = (try $0.decode(column: "priority", as: Int.self), try $1.decode(column: "priority", as: Int.self))
            return p0 != p1 ? p0 > p1 : try $0.decode(column: "run_at", as: Date.self) < $1.decode(column: "run_at", as: Date.self)
        }
        return try sorted.map {
            LeasedJob(id: try $0.decode(column: "id", as: UUID.self), kind: try $0.decode(column: "kind", as: String.self),
                      payload: try $0.decode(column: "payload", as: String.self),
                      attempts: try $0.decode(column: "attempts", as: Int.self),
                      maxAttempts: try $0.decode(column: "max_attempts", as: Int.self),
                      runAt: try $0.decode(column: "run_at", as: Date.self))
        }
    }

    /// Marks a job done, only if `owner` still holds it (a worker whose lease expired must not
    /// overwrite the outcome of the worker that took over).
    @discardableResult
    public static func complete(_ id: UUID, owner: String, now: Date = Date(), on database: any Database) async throws -> Bool {
        try await finish(id, owner: owner, state: "done", runAt: nil, error: nil, now: now, on: database)
    }

    /// Extends the leases `owner` holds on these jobs (a heartbeat while their work is under way,
    /// so no other worker takes them back and acts a second time).
    public static func extendLeases(_ ids: [UUID], owner: String, until: Date, now: Date = Date(), on database: any Database) async throws {
        guard !ids.isEmpty else { return }
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        for start in stride(from: 0, to: ids.count, by: 500) {
            let batch = Array(ids[start..<min(start + 500, ids.count)])
            try await sql.raw("""
                UPDATE jobs SET lease_expires_at = \(bind: until), updated_at = \(bind: now)
                WHERE id IN (\(binds: batch)) AND lease_owner = \(bind: owner) AND state = 'running'
                """).run()
        }
    }

    /// Marks several jobs done at once (those `owner` still holds).
    public static func complete(_ ids: [UUID], owner: String, now: Date = Date(), on database: any Database) async throws {
        guard !ids.isEmpty else { return }
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        func markDone(_ matching: SQLQueryString) async throws {
            try await sql.raw("""
                UPDATE jobs SET state = 'done', lease_owner = NULL, lease_expires_at = NULL, last_error = NULL, updated_at = \(bind: now)
                WHERE id \(matching) AND lease_owner = \(bind: owner) AND state = 'running'
                """).run()
        }
        if sql.isPostgreSQL {
            try await markDone("= ANY(\(bind: ids)::uuid[])")
        } else {
            for chunk in ids.chunks(of: 1000) { try await markDone("IN (\(binds: chunk))") }
        }
    }

    /// Puts a job back untried until `until` (its channel is paused or over its rate budget):
    /// the attempt is not counted, the reason is kept for the operator.
    @discardableResult
    public static func postpone(_ id: UUID, owner: String, until: Date, reason: String, now: Date = Date(),
                                on database: any Database) async throws -> Bool {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let rows = try await sql.raw("""
            UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, attempts = attempts - 1,
                run_at = \(bind: until), last_error = \(bind: reason), updated_at = \(bind: now)
            WHERE id = \(bind: id) AND lease_owner = \(bind: owner) AND state = 'running' RETURNING id
            """).all()
        return !rows.isEmpty
    }

    /// Puts a job back to run at `retryAt`, or marks it failed for good when `retryAt` is nil.
    @discardableResult
    public static func fail(_ id: UUID, owner: String, error message: String, retryAt: Date?, now: Date = Date(),
                            on database: any Database) async throws -> Bool {
        try await finish(id, owner: owner, state: retryAt == nil ? "failed" : "queued", runAt: retryAt,
                         error: String(message.prefix(2000)), now: now, on: database)
    }

    /// Gives a job back untried (graceful shutdown): it runs again at once, the attempt not counted.
    @discardableResult
    public static func release(_ id: UUID, owner: String, now: Date = Date(), on database: any Database) async throws -> Bool {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let rows = try await sql.raw("""
            UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, attempts = attempts - 1,
                updated_at = \(bind: now)
            WHERE id = \(bind: id) AND lease_owner = \(bind: owner) AND state = 'running' RETURNING id
            """).all()
        return !rows.isEmpty
    }

    private static func finish(_ id: UUID, owner: String, state: String, runAt: Date?, error: String?, now: Date,
                               on database: any Database) async throws -> Bool {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let runAtSQL: SQLQueryString = runAt.map { ", run_at = \(bind: $0)" } ?? ""
        let rows = try await sql.raw("""
            UPDATE jobs SET state = \(bind: state), lease_owner = NULL, lease_expires_at = NULL,
                last_error = \(bind: error), updated_at = \(bind: now)\(runAtSQL)
            WHERE id = \(bind: id) AND lease_owner = \(bind: owner) AND state = 'running' RETURNING id
            """).all()
        return !rows.isEmpty
    }

    /// Removes finished jobs (done or failed) last touched before `before`, a chunk at a time so no
    /// statement holds the database long; returns how many. Queued and running jobs are never
    /// touched. A finished job is only history: the publication keeps the outcome, and a retry
    /// makes a new job.
    @discardableResult
    public static func purgeFinished(before: Date, chunk: Int = 5000, on database: any Database) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        var removed = 0
        while true {
            let rows = try await sql.raw("""
                DELETE FROM jobs WHERE id IN (
                    SELECT id FROM jobs WHERE state IN ('done', 'failed') AND updated_at < \(bind: before) LIMIT \(literal: chunk)
                ) RETURNING id
                """).all()
            removed += rows.count
            if rows.count < chunk { return removed }
        }
    }

    /// Counts by state, for /metrics and tests.
    public static func counts(on database: any Database) async throws -> [String: Int] {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let rows = try await sql.raw("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state").all()
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(column: "state", as: String.self),
                                                                 try $0.decode(column: "n", as: Int.self)) })
    }
}

extension SQLDatabase {
    /// PostgreSQL takes an array as one parameter (`= ANY($1::uuid[])`, `unnest`); SQLite gets
    /// IN lists of at most a thousand values.
    public var isPostgreSQL: Bool { dialect.name == "postgresql" }
}

extension Array {
    /// Consecutive slices of at most `size` elements: a statement per slice keeps every IN list
    /// well inside SQLite's limit of bound values, however many batches share a transaction.
    func chunks(of size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min(count, $0 + size)]) }
    }
}

public enum JobStoreError: Error, CustomStringConvertible {
    case notSQL
    public var description: String { "the job queue needs an SQL database" }
}
