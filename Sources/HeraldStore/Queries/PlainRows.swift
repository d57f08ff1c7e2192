import FluentKit
import FluentPostgresDriver
import Foundation
import SQLiteKit
import SQLKit

/// A row of a read that pages and the API show by the hundred (the calendar, the post lists),
/// read by column name, each value converted directly by its own database's rules: on SQLite as
/// SQLite gives it (`SQLiteDataConvertible`), on PostgreSQL from its wire format
/// (`PostgresDecodable`). Through SQLKit's row every value went through a `Codable` decoder and
/// dynamic casts first: 5 % of a month calendar's time under load on SQLite, 12 % of the API
/// list's on PostgreSQL (`perf` under `herald bench web`).
public struct PlainRow: Sendable {
    enum Source: Sendable {
        case sqlite(SQLiteRow)
        case postgres(PostgresRandomAccessRow)
    }

    let source: Source

    /// The value of `column`; a missing column, NULL or a value of another type throws, naming the column.
    public func decode<T: SQLiteDataConvertible & PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let value = try decode(column, as: T?.self) else { throw PlainRowError(column: column, problem: "is NULL") }
        return value
    }

    /// The value of `column`, nil for NULL.
    public func decode<T: SQLiteDataConvertible & PostgresDecodable>(_ column: String, as type: T?.Type) throws -> T? {
        switch source {
        case .postgres(let row):
            guard row.contains(column) else { throw PlainRowError(column: column, problem: "is not in the result") }
            let cell = row[column]
            guard cell.bytes != nil else { return nil }
            do { return try cell.decode(T.self) } catch {
                throw PlainRowError(column: column, problem: "is not a \(T.self) (PostgreSQL type \(cell.dataType))")
            }
        case .sqlite(let row):
            guard let data = row.column(column) else { throw PlainRowError(column: column, problem: "is not in the result") }
            if case .null = data { return nil }
            guard let value = T(sqliteData: data) else { throw PlainRowError(column: column, problem: "is not a \(T.self)") }
            return value
        }
    }
}

/// A column a plain read expected and did not get as written (a programming error, logged with
/// the statement's caller; never shown to a person).
public struct PlainRowError: Error, CustomStringConvertible {
    public var column: String
    public var problem: String
    public var description: String { "column \(column) \(problem)" }
}

public enum PlainRows {
    /// Every row `query` reads, in order.
    public static func all(_ query: SQLQueryString, on database: any Database) async throws -> [PlainRow] {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        guard let sqlite = database as? any SQLiteDatabase else {
            guard database is any PostgresDatabase else { throw JobStoreError.notSQL }
            return try await PreparedOnPostgres.postgresRows(query, on: database).map { PlainRow(source: .postgres($0.makeRandomAccess())) }
        }
        let (text, binds) = sql.serialize(query)
        let encoder = SQLiteDataEncoder()
        let values = try binds.map { try encoder.encode($0) }
        // As SQLiteKit logs what runs through it (at the level the databases are registered with).
        database.logger.trace("\(text) [PlainRows] Executing query", metadata: ["binds": .array(values.map { .string("\($0)") })])
        return try await sqlite.query(text, values).map { PlainRow(source: .sqlite($0)) }
    }

    /// The same, prepared once per connection on PostgreSQL under `name` (`PreparedOnPostgres`):
    /// for a statement whose text never changes that pages run on every view.
    public static func all<Statement: PreparedOnPostgres.Name>(_ query: SQLQueryString, preparedAs name: Statement.Type,
                                                                on database: any Database) async throws -> [PlainRow] {
        guard database is any PostgresDatabase else { return try await all(query, on: database) }
        return try await PreparedOnPostgres.postgresRows(query, as: name, on: database).map { PlainRow(source: .postgres($0.makeRandomAccess())) }
    }
}
