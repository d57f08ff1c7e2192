import Foundation
import SQLKit

/// The one place with dialect-specific SQL: taking due jobs under a lease in a single statement.
/// PostgreSQL: `FOR UPDATE SKIP LOCKED`, so workers on many machines never take the same row and
/// never wait on each other. SQLite: the same statement without it — SQLite lets one writer at a
/// time, so the UPDATE is atomic across the processes of one machine.
enum JobLeaseSQL {
    static func take(on sql: any SQLDatabase, owner: String, limit: Int, leaseUntil: Date, now: Date, dueBy: Date,
                     kinds: [String]?) async throws -> [SQLRow] {
        let lock = sql.isPostgreSQL ? SQLRaw(" FOR UPDATE SKIP LOCKED") : SQLRaw("")
        let kindFilter: SQLQueryString = kinds.map { kinds in
            "AND kind IN (\(kinds.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")))"
        } ?? ""
        // A crashed worker's jobs (lease expired) go back to the queue first; they are taken below
        // like any other, their attempt counted again. Normally this reads no row (`jobs_leased`).
        try await sql.raw("""
            UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, updated_at = \(bind: now)
            WHERE state = 'running' AND lease_expires_at < \(bind: now)
            """).run()
        // The oldest most urgent queued jobs, read in index order (`jobs_queued`), not sorted.
        let query: SQLQueryString = """
            UPDATE jobs SET state = 'running', lease_owner = \(bind: owner), lease_expires_at = \(bind: leaseUntil),
                attempts = attempts + 1, updated_at = \(bind: now)
            WHERE id IN (
                SELECT id FROM jobs
                WHERE state = 'queued' AND run_at <= \(bind: dueBy)
                \(kindFilter)
                ORDER BY priority DESC, run_at ASC
                LIMIT \(literal: limit)\(lock)
            )
            RETURNING id, kind, payload, attempts, max_attempts, priority, run_at
            """
        return try await sql.raw(query).all()
    }
}

extension Array where Element == SQLQueryString {
    func joined(separator: String) -> SQLQueryString {
        var result: SQLQueryString = ""
        for (index, item) in enumerated() {
            if index > 0 { result = result + SQLQueryString(separator) }
            result = result + item
        }
        return result
    }
}
