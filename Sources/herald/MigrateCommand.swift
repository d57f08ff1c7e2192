import ArgumentParser
import HeraldStore
import NIOPosix

/// `herald migrate`: applies pending migrations under the migration lock (safe when several
/// processes run it at once). `--status` lists pending ones; `--revert-all --yes` undoes all.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply the database migrations (safe to run from several processes at once).")

    @Flag(help: "List pending migrations without applying them")
    var status = false

    @Flag(name: .customLong("revert-all"), help: "Revert every migration (destroys all data; needs --yes)")
    var revertAll = false

    @Flag(name: [.customLong("yes"), .customShort("y")], help: "Confirm a destructive action")
    var yes = false

    func run() async throws {
        let configuration = try Launch.configuration()
        let target = configuration.database
        try await Launch.standalone(configuration, migrate: false) { standalone in
            let databases = standalone.databases, logger = standalone.runtime.logger
            let loop = MultiThreadedEventLoopGroup.singleton.any()
            if status {
                let pending = try await MigrationRunner.pending(databases: databases, logger: logger, on: loop)
                print(pending.isEmpty ? "Up to date." : "Pending: " + pending.joined(separator: ", "))
                return
            }
            if revertAll {
                guard yes else {
                    Launch.printError("--revert-all deletes every table and all data; add --yes to confirm.")
                    throw ExitCode(1)
                }
                try await MigrationRunner.revertAll(databases: databases, target: target, logger: logger, on: loop)
                print("Reverted all migrations.")
                return
            }
            let applied = try await MigrationRunner.migrate(databases: databases, target: target, logger: logger, on: loop)
            print(applied.isEmpty ? "Up to date (\(target.kind))."
                                  : "Applied \(applied.count) migration(s) on \(target.kind): " + applied.joined(separator: ", "))
        }
    }
}
