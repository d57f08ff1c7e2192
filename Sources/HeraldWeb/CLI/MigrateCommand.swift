import Fluent
import HeraldStore
import Vapor

/// `herald migrate`: applies pending migrations under the migration lock (safe when several
/// processes run it at once). `--status` lists pending ones; `--revert-all --yes` undoes all.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "status", help: "List pending migrations without applying them")
        var status: Bool
        @Flag(name: "revert-all", help: "Revert every migration (destroys all data; needs --yes)")
        var revertAll: Bool
        @Flag(name: "yes", short: "y", help: "Confirm a destructive action")
        var yes: Bool
    }

    var help: String { "Apply the database migrations (safe to run from several processes at once)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let target = app.herald.database
        let loop = app.eventLoopGroup.any()
        if signature.status {
            let pending = try await MigrationRunner.pending(databases: app.databases, logger: app.logger, on: loop)
            context.console.print(pending.isEmpty ? "Up to date." : "Pending: " + pending.joined(separator: ", "))
            return
        }
        if signature.revertAll {
            guard signature.yes else {
                context.console.error("--revert-all deletes every table and all data; add --yes to confirm.")
                throw ExitCode(1)
            }
            try await MigrationRunner.revertAll(databases: app.databases, target: target, logger: app.logger, on: loop)
            context.console.print("Reverted all migrations.")
            return
        }
        let applied = try await MigrationRunner.migrate(databases: app.databases, target: target, logger: app.logger, on: loop)
        context.console.print(applied.isEmpty ? "Up to date (\(target.kind))."
                                              : "Applied \(applied.count) migration(s) on \(target.kind): " + applied.joined(separator: ", "))
    }
}

struct ExitCode: Error, CustomStringConvertible {
    var code: Int32
    init(_ code: Int32) { self.code = code }
    var description: String { "exit \(code)" }
}
