import FluentKit
import Foundation
import HeraldStore
import HeraldTestSupport
import Logging
import NIOCore
import NIOPosix
import SQLKit
import Testing

@Suite("Migrations")
struct MigrationTests {
    static let logger: Logger = {
        var logger = Logger(label: "herald.test.migrations")
        logger.logLevel = .warning
        return logger
    }()

    static func databases(_ target: DatabaseTarget) throws -> Databases {
        try SeparatePool.databases(target)
    }

    static func appliedCount(_ databases: Databases) async throws -> Int {
        let db = try #require(databases.database(logger: logger, on: MultiThreadedEventLoopGroup.singleton.any()) as? any SQLDatabase)
        return try await db.raw("SELECT COUNT(*) AS n FROM _fluent_migrations").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test("apply all, revert all, apply again")
    func upDownUp() async throws {
        let database = try await TestDatabase.make()
        let databases = try Self.databases(database.target)
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        let applied = try await MigrationRunner.migrate(databases: databases, target: database.target, logger: Self.logger, on: loop)
        #expect(applied == HeraldMigrations.all.map(\.name))
        #expect(try await MigrationRunner.migrate(databases: databases, target: database.target, logger: Self.logger, on: loop).isEmpty)
        #expect(try await MigrationRunner.pending(databases: databases, logger: Self.logger, on: loop).isEmpty)
        try await MigrationRunner.revertAll(databases: databases, target: database.target, logger: Self.logger, on: loop)
        #expect(try await Self.appliedCount(databases) == 0)
        #expect(try await MigrationRunner.pending(databases: databases, logger: Self.logger, on: loop).count == HeraldMigrations.all.count)
        try await MigrationRunner.migrate(databases: databases, target: database.target, logger: Self.logger, on: loop)
        #expect(try await Self.appliedCount(databases) == HeraldMigrations.all.count)
        await databases.shutdownAsync()
        await database.destroy()
    }

    @Test("several migrators racing on one database apply each migration once")
    func concurrent() async throws {
        let database = try await TestDatabase.make()
        let pools = try (0..<4).map { _ in try Self.databases(database.target) }
        let results = try await withThrowingTaskGroup(of: [String].self) { group in
            for pool in pools {
                group.addTask {
                    try await MigrationRunner.migrate(databases: pool, target: database.target, logger: Self.logger,
                                                      on: MultiThreadedEventLoopGroup.singleton.any())
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter { !$0.isEmpty }.count == 1, "exactly one migrator did the work: \(results)")
        #expect(try await Self.appliedCount(pools[0]) == HeraldMigrations.all.count)
        for pool in pools { await pool.shutdownAsync() }
        await database.destroy()
    }

    @Test("two `herald migrate` processes started together both succeed; migrations applied once")
    func twoProcesses() async throws {
        guard HeraldProcess.isBuilt else {
            Issue.record("herald binary not built next to the tests at \(HeraldProcess.binary); run `swift build` first")
            return
        }
        let database = try await TestDatabase.make()
        let environment = HeraldProcess.environment(for: database)
        let started = try (0..<2).map { _ in try HeraldProcess.start(["migrate"], environment: environment) }
        var outputs: [(status: Int32, output: String)] = []
        for process in started { outputs.append(await HeraldProcess.finish(process)) }
        for (status, output) in outputs { #expect(status == 0, "herald migrate failed: \(output)") }
        let texts = outputs.map(\.output)
        #expect(texts.filter { $0.contains("Applied \(HeraldMigrations.all.count) migration(s)") }.count == 1, "\(texts)")
        #expect(texts.filter { $0.contains("Up to date") }.count == 1, "\(texts)")
        let databases = try Self.databases(database.target)
        #expect(try await Self.appliedCount(databases) == HeraldMigrations.all.count)
        await databases.shutdownAsync()
        await database.destroy()
    }
}
