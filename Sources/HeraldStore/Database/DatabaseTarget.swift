import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation

/// Where Herald keeps its data: an SQLite file in the data directory by default, PostgreSQL
/// when `DATABASE_URL` says so. Both run the same migrations.
public enum DatabaseTarget: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    /// `DATABASE_URL` wins when set (postgres:// or postgresql://, or sqlite:///absolute/path);
    /// otherwise `<dataDirectory>/herald.sqlite`.
    public static func resolve(databaseURL: String?, dataDirectory: String) throws -> DatabaseTarget {
        guard let raw = databaseURL?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
            return .sqlite(path: (dataDirectory as NSString).appendingPathComponent("herald.sqlite"))
        }
        if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") {
            _ = try SQLPostgresConfiguration(url: raw)
            return .postgres(url: raw)
        }
        if raw.hasPrefix("sqlite://") {
            let path = String(raw.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw DatabaseTargetError.invalidURL(raw) }
            return .sqlite(path: path)
        }
        throw DatabaseTargetError.invalidURL(raw)
    }

    /// The name used in logs, `/healthz` and benchmark output.
    public var kind: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgresql"
        }
    }

    /// Registers another connection per event loop to the SQLite file as `id` (not the default),
    /// for reads only (`PageReaders`); nothing on PostgreSQL.
    public func registerReader(on databases: Databases, as id: DatabaseID) {
        guard case .sqlite(let path) = self else { return }
        databases.use(Self.sqlite(path), as: id, isDefault: false)
    }

    private static func sqlite(_ path: String) -> DatabaseConfigurationFactory {
        .sqlite(.file(path), sqlLogLevel: .trace)
    }

    /// Registers the database with Fluent as the default.
    public func register(on databases: Databases, maxConnectionsPerEventLoop: Int = 4) throws {
        switch self {
        case .sqlite(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            databases.use(Self.sqlite(path), as: .sqlite)
            databases.default(to: .sqlite)
        case .postgres(let url):
            databases.use(try .postgres(url: url, maxConnectionsPerEventLoop: maxConnectionsPerEventLoop,
                                        sqlLogLevel: .trace), as: .psql)
            databases.default(to: .psql)
        }
    }
}

public enum DatabaseTargetError: Error, CustomStringConvertible {
    case invalidURL(String)

    public var description: String {
        switch self {
        case .invalidURL(let url):
            "DATABASE_URL “\(Self.redacted(url))” is neither postgres://user:password@host:port/database nor sqlite:///path/to/file"
        }
    }

    /// Never print a password into a log.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
