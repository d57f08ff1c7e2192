import FluentKit
import Foundation
import Logging
import NIOCore

/// Applies (or reverts) Herald's migrations under the migration lock, so two processes that
/// start together neither both run a migration nor see a half-made schema.
public enum MigrationRunner {
    /// Applies every pending migration; returns the names of those it applied (empty if none).
    @discardableResult
    public static func migrate(databases: Databases, target: DatabaseTarget, logger: Logger,
                               on eventLoop: any EventLoop) async throws -> [String] {
        try await MigrationLock.withLock(target: target, eventLoop: eventLoop, logger: logger) {
            // Fluent says two lines per migration at info (ninety on a new install, before the
            // banner a newcomer looks for); one line says it here unless the log asks for detail.
            var quiet = logger
            if logger.logLevel >= .info { quiet.logLevel = .notice }
            let migrator = makeMigrator(databases: databases, logger: quiet, on: eventLoop)
            try await migrator.setupIfNeeded().get()
            let pending = try await migrator.previewPrepareBatch().get().map { $0.0.name }
            if let first = pending.first, let last = pending.last {
                try await migrator.prepareBatch().get()
                logger.info("Database schema up to date: applied \(pending.count) migration(s), \(first)\(pending.count > 1 ? " … \(last)" : "")")
            }
            return pending
        }
    }

    /// The names of migrations not yet applied.
    public static func pending(databases: Databases, logger: Logger, on eventLoop: any EventLoop) async throws -> [String] {
        let migrator = makeMigrator(databases: databases, logger: logger, on: eventLoop)
        try await migrator.setupIfNeeded().get()
        return try await migrator.previewPrepareBatch().get().map { $0.0.name }
    }

    /// Reverts every batch (tests and `herald migrate --revert-all`).
    public static func revertAll(databases: Databases, target: DatabaseTarget, logger: Logger,
                                 on eventLoop: any EventLoop) async throws {
        try await MigrationLock.withLock(target: target, eventLoop: eventLoop, logger: logger) {
            let migrator = makeMigrator(databases: databases, logger: logger, on: eventLoop)
            try await migrator.setupIfNeeded().get()
            try await migrator.revertAllBatches().get()
        }
    }

    private static func makeMigrator(databases: Databases, logger: Logger, on eventLoop: any EventLoop) -> Migrator {
        let migrations = Migrations()
        migrations.add(HeraldMigrations.all)
        return Migrator(databases: databases, migrations: migrations, logger: logger, on: eventLoop)
    }
}
