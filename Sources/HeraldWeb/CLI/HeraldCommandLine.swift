import Foundation
import HeraldStore
import Logging
import Vapor

/// The `herald` executable: reads the configuration, sets up logging, builds the app and runs
/// the command named on the command line (`serve` when none).
public enum HeraldCommandLine {
    /// `extraCommands`: commands the executable adds (the benchmark, which links the emulators).
    public static func main(extraCommands: [String: any AnyAsyncCommand] = [:]) async {
        DotEnv.load(path: ".env")
        let arguments = CommandLine.arguments
        let command = arguments.dropFirst().first ?? "serve"
        // The server, the demo (a server with demo data) and bare options (`herald --port 9000`) serve.
        let serves = command == "serve" || command == "demo" || command.hasPrefix("-")
        var variables = ProcessInfo.processInfo.environment
        if command == "demo", variables["HERALD_DATA_DIR"] == nil, variables["DATABASE_URL"] == nil {
            variables["HERALD_DATA_DIR"] = DemoCommand.dataDirectory
        }
        let configuration: HeraldConfiguration
        do {
            configuration = try HeraldConfiguration.fromEnvironment(variables)
        } catch {
            FileHandle.standardError.write(Data("herald: configuration error: \(error)\n".utf8))
            exit(2)
        }
        bootstrapLogging(configuration)

        let environment = Environment(name: Environment.get("HERALD_ENV") ?? "production", arguments: arguments)
        var effective = configuration
        // Only the server migrates on start; `herald migrate` does it explicitly (and reports).
        effective.autoMigrate = configuration.autoMigrate && serves
        do {
            let app = try await Application.make(environment)
            do {
                try await configure(app, effective)
                app.asyncCommands.use(MigrateCommand(), as: "migrate")
                app.asyncCommands.use(UserCommand(), as: "user")
                app.asyncCommands.use(ImportCommand(), as: "import")
                app.asyncCommands.use(WorkerCommand(), as: "worker")
                app.asyncCommands.use(DemoCommand(), as: "demo")
                app.asyncCommands.use(SweepCommand(), as: "sweep")
                for (name, command) in extraCommands { app.asyncCommands.use(command, as: name) }
                if effective.runWorker && serves {
                    app.lifecycle.use(WorkerLifecycle())
                }
                if serves && command != "demo" { app.lifecycle.use(StartupBanner()) }  // the demo says where to sign in
                try await app.execute()
            } catch let error as ExitCode {
                try? await app.asyncShutdown()
                exit(error.code)
            } catch {
                app.logger.critical("\(error)")
                try? await app.asyncShutdown()
                exit(1)
            }
            try await app.asyncShutdown()
        } catch {
            FileHandle.standardError.write(Data("herald: \(error)\n".utf8))
            exit(1)
        }
    }

    static func bootstrapLogging(_ configuration: HeraldConfiguration) {
        let level = configuration.logLevel
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

/// Reads `KEY=VALUE` lines from a `.env` file into the environment, never overriding a variable
/// that is already set. `#` starts a comment; values may be wrapped in single or double quotes.
enum DotEnv {
    static func load(path: String) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        for (key, value) in parse(text) where ProcessInfo.processInfo.environment[key] == nil {
            setenv(key, value, 0)
        }
    }

    static func parse(_ text: String) -> [(String, String)] {
        text.split(whereSeparator: \.isNewline).compactMap { rawLine in
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)) }
            guard let split = line.firstIndex(of: "=") else { return nil }
            let key = line[..<split].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: split)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            return key.isEmpty ? nil : (key, value)
        }
    }
}

/// Tells the person who just started Herald where to go next.
struct StartupBanner: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
        let configuration = application.herald
        let address = "http://\(configuration.host):\(configuration.port)"
        let isSetUp = (try? await TenancyQueries.isSetUp(on: application.db)) ?? true
        let hint = isSetUp
            ? "Sign in at \(address)/login (forgot the password? `herald user create` adds another owner)."
            : "First run: open \(address)/setup to create the owner account (or run `herald user create`)."
        application.logger.notice("Herald \(configuration.database.kind) database; data in \(configuration.dataDirectory)")
        print("\nHerald is starting at \(address)\n\(hint)\n")
    }
}
