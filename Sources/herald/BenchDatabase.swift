import FluentPostgresDriver
import Foundation
import Logging
import NIOPosix

/// A PostgreSQL database of its own for one benchmark run, dropped afterwards.
enum BenchDatabase {
    static func create(adminURL: String) async throws -> (String, () async -> Void) {
        let name = "herald_bench_" + UUID().text.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        try await run("CREATE DATABASE \(name)", adminURL: adminURL)
        var components = URLComponents(string: adminURL)!
        components.path = "/" + name
        return (components.string!, { try? await run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", adminURL: adminURL) })
    }

    static func run(_ sql: String, adminURL: String) async throws {
        let logger = Logger(label: "herald.bench")
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: try SQLPostgresConfiguration(url: adminURL).coreConfiguration,
            id: 1, logger: logger).get()
        _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        try await connection.close()
    }
}
