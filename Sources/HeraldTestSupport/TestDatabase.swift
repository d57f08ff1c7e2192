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

    public static func make() async throws -> TestDatabase {
        let directory = NSTemporaryDirectory() + "herald-test-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard let admin = ProcessInfo.processInfo.environment["HERALD_TEST_POSTGRES_URL"], !admin.isEmpty else {
            return TestDatabase(target: .sqlite(path: directory + "/herald.sqlite"), dropName: nil, adminURL: nil,
                                directory: directory)
        }
        let name = "herald_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        try await run("CREATE DATABASE \(name)", adminURL: admin)
        guard var components = URLComponents(string: admin) else { throw TestDatabaseError.badURL(admin) }
        components.path = "/" + name
        return TestDatabase(target: .postgres(url: components.string!), dropName: String(name), adminURL: admin,
                            directory: directory)
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
