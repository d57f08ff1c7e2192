import FluentKit
import FluentPostgresDriver
import Foundation
import SQLiteKit
import SQLKit

/// A row of a read that pages show by the hundred (the calendar, the post list), read by column
/// name. On SQLite the values come as SQLite gives them and are converted directly
/// (`SQLiteDataConvertible`); through SQLKit's row every value went through SQLiteKit's `Codable`
/// decoder, and an optional one through a nested decoder (5 % of a month calendar's time under
/// load). On PostgreSQL it is SQLKit's row as before.
public struct PlainRow: Sendable {
    enum Source: Sendable {
        case sqlite(SQLiteRow)
        case sql(any SQLRow)
    }

    let source: Source

    /// The value of `column`; a missing column, NULL or a value of another type throws, naming the column.
    public func decode<T: Decodable & SQLiteDataConvertible>(_ column: String, as type: T.Type = T.self) throws -> T {
        if case .sql(let row) = source { return try row.decode(column: column, as: T.self) }
        guard let value = try decode(column, as: T?.self) else { throw PlainRowError(column: column, problem: "is NULL") }
        return value
    }

    /// The value of `column`, nil for NULL.
    public func decode<T: Decodable & SQLiteDataConvertible>(_ column: String, as type: T?.Type) throws -> T? {
        switch source {
        case .sql(let row): return try row.decode(column: column, as: T?.self)
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
            return try await sql.raw(query).all().map { PlainRow(source: .sql($0)) }
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
        return try await PreparedOnPostgres.rows(query, as: name, on: database).map { PlainRow(source: .sql($0)) }
    }
}
