import FluentKit
import FluentPostgresDriver
import Foundation
import SQLKit
import Synchronization

/// A statement every page runs, prepared once per PostgreSQL connection instead of parsed and
/// planned for each request. The frame's counts (eight subqueries) cost PostgreSQL about 0.6 ms to
/// plan and 0.1 ms to run (pgbench on the benchmark's database, 100,000 posts); on two shared
/// cores that planning was a sizeable share of what the month calendar could serve.
///
/// The text comes from the same `SQLQueryString` the other databases run (serialized for
/// PostgreSQL, values as `$n` parameters), so there is one statement to keep right; PostgreSQL
/// plans it generically after a few runs. SQLite prepares every statement anyway: there the
/// statement runs as before. A pooler in front of PostgreSQL must pass named prepared statements
/// on (PgBouncer 1.21+ with `max_prepared_statements`; see docs/decisions.md).
public enum PreparedOnPostgres {
    /// One statement's name (a type per call site: PostgresNIO names prepared statements by type).
    public protocol Name { static var name: String { get } }

    /// The statement's rows: on PostgreSQL prepared under `Statement.name` (on each connection the
    /// first time it runs there), elsewhere run as it is.
    public static func rows<Statement: Name>(_ statement: SQLQueryString, as name: Statement.Type,
                                             on database: any Database) async throws -> [any SQLRow] {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        guard database is any PostgresDatabase else { return try await sql.raw(statement).all() }
        return try await postgresRows(statement, as: name, on: database).map { $0.sql() }
    }

    /// PostgreSQL's own rows of a statement prepared under `Statement.name`.
    static func postgresRows<Statement: Name>(_ statement: SQLQueryString, as _: Statement.Type,
                                              on database: any Database) async throws -> [PostgresRow] {
        let (text, bindings) = try serialized(statement, for: Statement.name, on: database)
        try texts.withLock { texts in
            if let known = texts[Statement.name], known != text { throw Mismatch(name: Statement.name) }
            texts[Statement.name] = text
        }
        let prepared = Named<Statement>(bindings: bindings)
        guard let postgres = database as? any PostgresDatabase else { throw JobStoreError.notSQL }
        let logger = database.logger
        return try await postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                var rows: [PostgresRow] = []
                for try await row in try await connection.execute(prepared, logger: logger) { rows.append(row) }
                return rows
            }
        }.get()
    }

    /// PostgreSQL's own rows of a statement planned for this run alone (its text varies, or it is
    /// rare). Run with PostgresNIO's future interface, on the connection's event loop: no task of
    /// its own, one hop back to the caller as SQLKit's reads have.
    static func postgresRows(_ statement: SQLQueryString, on database: any Database) async throws -> [PostgresRow] {
        guard let postgres = database as? any PostgresDatabase else { throw JobStoreError.notSQL }
        let (text, bindings) = try serialized(statement, for: "unnamed", on: database)
        let logger = database.logger
        return try await postgres.withConnection { connection in
            connection.query(PostgresQuery(unsafeSQL: text, binds: bindings), logger: logger).map(\.rows)
        }.get()
    }

    /// The statement's text for PostgreSQL and its values bound as PostgreSQL's wire format.
    private static func serialized(_ statement: SQLQueryString, for name: String,
                                   on database: any Database) throws -> (String, PostgresBindings) {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let (text, binds) = sql.serialize(statement)
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            guard let value = bind as? any PostgresEncodable else { throw Unbindable(name: name, type: "\(type(of: bind))") }
            try bindings.append(value, context: .default)
        }
        return (text, bindings)
    }

    /// The first row, for reads written with futures (the session middleware: on SQLite it stays a
    /// future on the event loop, without a task).
    public static func first<Statement: Name>(_ statement: SQLQueryString, as name: Statement.Type,
                                              on database: any Database) -> EventLoopFuture<(any SQLRow)?> {
        guard let sql = database as? any SQLDatabase else { return database.eventLoop.makeFailedFuture(JobStoreError.notSQL) }
        guard database is any PostgresDatabase else { return sql.raw(statement).first() }
        return database.eventLoop.makeFutureWithTask { try await rows(statement, as: name, on: database).first }
    }

    /// Each statement's text, as serialized the first time (it never changes for one name).
    private static let texts = Mutex<[String: String]>([:])

    struct Unbindable: Error, CustomStringConvertible {
        var name: String
        var type: String
        var description: String { "statement \(name): a value of type \(type) cannot be sent to PostgreSQL" }
    }

    /// One name used for two texts: the statement prepared on a connection would not be this one.
    struct Mismatch: Error, CustomStringConvertible {
        var name: String
        var description: String { "prepared statement \(name) was asked to stand for another text" }
    }

    private struct Named<Statement: Name>: PostgresPreparedStatement {
        typealias Row = PostgresRow
        let bindings: PostgresBindings

        static var name: String { "herald_" + Statement.name }
        static var sql: String { texts.withLock { $0[Statement.name] ?? "" } }

        func makeBindings() throws -> PostgresBindings { bindings }
        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }
}
