import FluentKit
import Foundation
import HeraldStore
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import FluentPostgresDriver

/// A database of its own for one test: a new SQLite file, or, when `HERALD_TEST_POSTGRES_URL`
/// names a server (scripts/test sets it), a new PostgreSQL database on it that is dropped after.
public struct TestDatabase: Sendable {
    public let target: DatabaseTarget
    let dropName: String?
    let adminURL: String?
    let directory: String

    /// Which engine this test run uses, for test names and skip decisions.
    public static var engine: String {
        ProcessInfo.processInfo.environment["HERALD_TEST_POSTGRES_URL"].map { _ in "postgresql" } ?? "sqlite"
    }

    /// `migrated`: a copy of a database every migration has run on (a file copy on SQLite,
    /// `CREATE DATABASE … TEMPLATE` on PostgreSQL), made once per test process — instead of running
    /// every migration for every test. Tests of migrations themselves ask for an empty one.
    public static func make(migrated: Bool = false) async throws -> TestDatabase {
        let directory = NSTemporaryDirectory() + "herald-test-" + UUID().text.lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard let admin = ProcessInfo.processInfo.environment["HERALD_TEST_POSTGRES_URL"], !admin.isEmpty else {
            let path = directory + "/herald.sqlite"
            if migrated { try FileManager.default.copyItem(atPath: try await MigratedTemplate.shared.sqliteFile(), toPath: path) }
            return TestDatabase(target: .sqlite(path: path), dropName: nil, adminURL: nil, directory: directory)
        }
        let name = "herald_t_" + UUID().text.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        // Measured on this machine (226 tests): migrating each database took 94 s, cloning a template
        // 146-162 s (concurrent CREATE DATABASE … TEMPLATE serialises on the server), so the
        // PostgreSQL run clones only when asked (HERALD_TEST_PG_TEMPLATE=1); see docs/decisions.md.
        let cloned = migrated && ProcessInfo.processInfo.environment["HERALD_TEST_PG_TEMPLATE"] == "1"
        let template = cloned ? try await MigratedTemplate.shared.postgresDatabase(adminURL: admin) : nil
        try await run("CREATE DATABASE \(name)" + (template.map { " TEMPLATE \($0)" } ?? ""), adminURL: admin)
        guard var components = URLComponents(string: admin) else { throw TestDatabaseError.badURL(admin) }
        components.path = "/" + name
        return TestDatabase(target: .postgres(url: components.string!), dropName: String(name), adminURL: admin,
                            directory: directory)
    }

    /// Runs `body` with a new database and removes it afterwards, whether `body` returns or throws —
    /// awaited, unlike a `defer { Task { … } }`, which the test process may end before it runs (a
    /// `herald-test-*` directory or a PostgreSQL database left behind).
    public static func with<T>(migrated: Bool = false, _ body: (TestDatabase) async throws -> T) async throws -> T {
        let database = try await make(migrated: migrated)
        do {
            let result = try await body(database)
            await database.destroy()
            return result
        } catch {
            await database.destroy()
            throw error
        }
    }

    /// The data directory for this test (secret key, SQLite file).
    public var dataDirectory: String { directory }

    public func destroy() async {
        if let dropName, let adminURL {
            try? await Self.run("DROP DATABASE IF EXISTS \(dropName) WITH (FORCE)", adminURL: adminURL)
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func run(_ sql: String, adminURL: String) async throws {
        let configuration = try SQLPostgresConfiguration(url: adminURL).coreConfiguration
        let logger = Logger(label: "herald.test-database")
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 1, logger: logger).get()
        defer { Task { try? await connection.close() } }
        _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }
}

enum TestDatabaseError: Error {
    case badURL(String)
}

/// The template's directory, removed when the test process exits.
nonisolated(unsafe) private var templateDirectory: String?

/// The migrated database tests start from, made once per process and copied for each test.
///
/// Made by one task that every test awaits: an actor is re-entrant, and when the first test's
/// migration suspended, every test starting beside it found no template yet and made its own
/// (about 240 migrated copies per run, left in the temporary directory).
actor MigratedTemplate {
    static let shared = MigratedTemplate()

    private var sqlite: Task<String, any Error>?
    private var postgres: Task<String, any Error>?

    func sqliteFile() async throws -> String {
        if let sqlite { return try await sqlite.value }
        let making = Task<String, any Error> {
            let directory = NSTemporaryDirectory() + "herald-template-" + UUID().text.lowercased()
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            templateDirectory = directory
            atexit { if let directory = templateDirectory { try? FileManager.default.removeItem(atPath: directory) } }
            let path = directory + "/herald.sqlite"
            try await Self.migrate(.sqlite(path: path))
            return path
        }
        sqlite = making
        return try await making.value
    }

    /// A template database on the server, named after this process; it has no connections once
    /// made (PostgreSQL copies only a template nobody is connected to).
    func postgresDatabase(adminURL: String) async throws -> String {
        if let postgres { return try await postgres.value }
        let making = Task<String, any Error> {
            let name = "herald_tpl_\(ProcessInfo.processInfo.processIdentifier)_" + UUID().text.lowercased().prefix(8)
            try await TestDatabase.run("CREATE DATABASE \(name)", adminURL: adminURL)
            guard var components = URLComponents(string: adminURL) else { throw TestDatabaseError.badURL(adminURL) }
            components.path = "/" + name
            try await Self.migrate(.postgres(url: components.string!))
            return name
        }
        postgres = making
        return try await making.value
    }

    private static func migrate(_ target: DatabaseTarget) async throws {
        let databases = Databases(threadPool: DatabaseThreads.shared, on: MultiThreadedEventLoopGroup.singleton)
        try target.register(on: databases, maxConnectionsPerEventLoop: 1)
        do {
            _ = try await MigrationRunner.migrate(databases: databases, target: target, logger: Logger(label: "herald.test-template"),
                                                 on: MultiThreadedEventLoopGroup.singleton.any())
        } catch {
            await databases.shutdownAsync()
            throw error
        }
        await databases.shutdownAsync()
    }
}
