import FluentKit
import Foundation
import HeraldCore
import SQLKit

/// The reports a workspace keeps for its clients: one per month when it asks for them.
public enum ClientReports {
    public struct Entry: Sendable, Equatable {
        public var id: UUID
        /// `YYYY-MM-DD`, both included, in the workspace's zone.
        public var firstDay: String
        public var lastDay: String
        public var createdAt: Date
    }

    public static func list(workspace: UUID, on sql: any SQLDatabase) async throws -> [Entry] {
        try await sql.raw("""
            SELECT id, first_day, last_day, created_at FROM client_reports WHERE workspace_id = \(bind: workspace) ORDER BY first_day DESC
            """).all().map { row in
            Entry(id: try row.decode(column: "id", as: UUID.self), firstDay: try row.decode(column: "first_day", as: String.self),
                  lastDay: try row.decode(column: "last_day", as: String.self), createdAt: try row.decode(column: "created_at", as: Date.self))
        }
    }

    /// For every workspace that asks for monthly reports, the report of the month before the one
    /// it is now in (its own zone), once; `announce` runs in the transaction that adds each one.
    /// Answers how many were made.
    @discardableResult
    public static func makeMonthly(now: Date, workspace only: UUID? = nil, on database: any Database,
                                   announce: (@Sendable (Workspace, String, String, any Database) async throws -> Void)? = nil) async throws -> Int {
        var query = Workspace.query(on: database).filter(\.$monthlyReportsFlag == true)
        if let only { query = query.filter(\.$id == only) }
        let workspaces = try await query.all()
        var made = 0
        for workspace in workspaces {
            let (first, last) = previousMonth(of: now, in: workspace.zone)
            let inserted = try await database.writeTransaction { tx in
                guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
                let row = try await sql.raw("""
                    INSERT INTO client_reports (id, workspace_id, first_day, last_day, created_at)
                    VALUES (\(bind: UUID()), \(bind: try workspace.requireID()), \(bind: first), \(bind: last), \(bind: now))
                    ON CONFLICT (workspace_id, first_day, last_day) DO NOTHING RETURNING id
                    """).first()
                if row != nil { try await announce?(workspace, first, last, tx) }
                return row != nil
            }
            if inserted { made += 1 }
        }
        return made
    }

    /// The first and last day of the month before `now`'s month in `zone`.
    public static func previousMonth(of now: Date, in zone: TimeZoneName) -> (String, String) {
        let local = Schedule.local(now, in: zone)
        let (year, month) = local.month == 1 ? (local.year - 1, 12) : (local.year, local.month - 1)
        let days = [31, (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        func day(_ d: Int) -> String { String(format: "%04d-%02d-%02d", year, month, d) }
        return (day(1), day(days))
    }
}
