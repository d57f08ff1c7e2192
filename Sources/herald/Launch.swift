import ArgumentParser
import FluentKit
import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import HeraldWeb
import Logging
import NIOPosix
import Synchronization

/// What every command does first: read the settings (`.env` never overrides the environment),
/// apply the command's own options on top, start logging.
enum Launch {
    static func configuration(_ overrides: [String: String] = [:]) throws -> HeraldConfiguration {
        DotEnv.load(path: ".env")
        let variables = ProcessInfo.processInfo.environment.merging(overrides) { $1 }
        do {
            let configuration = try HeraldConfiguration.fromEnvironment(variables)
            bootstrapLogging(configuration)
            return configuration
        } catch {
            printError("herald: configuration error: \(error)")
            throw ExitCode(2)
        }
    }

    /// A runtime without a web server for `body`, shut down afterwards. With `migrate` (and
    /// HERALD_AUTO_MIGRATE, on by default) pending migrations are applied first, under the
    /// migration lock, so `herald user create` works on a new data directory.
    static func standalone<T>(_ configuration: HeraldConfiguration, migrate: Bool = true,
                              _ body: (StandaloneRuntime) async throws -> T) async throws -> T {
        let standalone = try StandaloneRuntime(configuration, passwords: BcryptHashing(cost: configuration.bcryptCost),
                                               logger: Logger(label: "herald"))
        do {
            if migrate && configuration.autoMigrate {
                try await MigrationRunner.migrate(databases: standalone.databases, target: configuration.database,
                                                  logger: standalone.runtime.logger, on: MultiThreadedEventLoopGroup.singleton.any())
            }
            let result = try await body(standalone)
            await standalone.shutdown()
            return result
        } catch {
            await standalone.shutdown()
            throw error
        }
    }

    /// A refusal of the use cases, said as the catalogue says it, naming the option at fault;
    /// false for any other error (which the caller rethrows).
    static func report(_ error: any Error, field fallback: String = "input") -> Bool {
        switch error {
        case let error as HeraldCore.ValidationError:
            printError("\(error.field ?? fallback): \(error.message.rendered(in: .en))")
        case let error as AppError:
            printError("\(error.field ?? fallback): \(error.message.rendered(in: .en))")
        default:
            return false
        }
        return true
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    private static let bootstrapped = BootstrapOnce()

    static func bootstrapLogging(_ configuration: HeraldConfiguration) {
        let level = configuration.logLevel
        bootstrapped.run {
            switch configuration.logFormat {
            case .text:
                LoggingSystem.bootstrap { label in
                    var handler = StreamLogHandler.standardOutput(label: label)
                    handler.logLevel = level
                    return handler
                }
            case .json:
                LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
            }
        }
    }
}

/// Logging is bootstrapped once per process.
final class BootstrapOnce: Sendable {
    private let done = Mutex(false)

    func run(_ body: () -> Void) {
        let first = done.withLock { done in
            defer { done = true }
            return !done
        }
        if first { body() }
    }
}

/// `--hostname` and `--port`, for the commands that serve.
struct ServerOptions: ParsableArguments {
    @Option(name: [.customLong("hostname"), .customShort("H")], help: "Address to listen on (HERALD_HOST, default 127.0.0.1)")
    var hostname: String?

    @Option(name: [.customLong("port"), .customShort("p")], help: "Port to listen on (HERALD_PORT, default 8080)")
    var port: Int?

    var overrides: [String: String] {
        var values: [String: String] = [:]
        if let hostname { values["HERALD_HOST"] = hostname }
        if let port { values["HERALD_PORT"] = String(port) }
        return values
    }
}

extension Launch {
    /// A workspace named on the command line (name or id), acted on as `actor` (an e-mail) or its first owner.
    static func workspaceAccess(_ reference: String?, actor: String?, on db: any Database) async throws -> WorkspaceAccess {
        var found: Workspace?
        if let reference {
            if let id = UUID(text: reference) { found = try await Workspace.find(id, on: db) }
            if found == nil { found = try await Workspace.query(on: db).filter(\.$name == reference).first() }
        }
        guard let workspace = found else {
            printError("--workspace: no workspace “\(reference ?? "")”.")
            throw ExitCode(2)
        }
        let workspaceID = try workspace.requireID()
        let members = try await TenancyQueries.members(of: workspaceID, on: db)
        guard let membership = actor.map({ email in members.first { $0.user.email == email.lowercased() } })
                ?? members.first(where: { $0.role == .owner })
        else {
            printError("--as: \(actor ?? "") is not a member of “\(workspace.name)”.")
            throw ExitCode(2)
        }
        return WorkspaceAccess(user: membership.user, userID: membership.$user.id, workspace: workspace,
                               workspaceID: workspaceID, role: membership.role)
    }
}
