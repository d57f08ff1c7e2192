import ArgumentParser
import Foundation
import HeraldApp
import HeraldStore
import HeraldWeb

/// `herald demo`: Herald on its own SQLite database in ./herald-demo (unless HERALD_DATA_DIR or
/// DATABASE_URL say otherwise), with a demo organisation on the built-in Sandbox network, then
/// the server and a worker, as `herald serve`. Run it again and it carries on where it was.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Run Herald with demo workspaces on the built-in Sandbox network (data in ./herald-demo).")

    /// Where the demo keeps its data when nothing else is configured.
    static let dataDirectory = "./herald-demo"

    @OptionGroup var server: ServerOptions

    @Flag(name: .customLong("no-serve"), help: "Create the demo data and exit")
    var noServe = false

    func run() async throws {
        var overrides = server.overrides
        let environment = ProcessInfo.processInfo.environment
        if environment["HERALD_DATA_DIR"] == nil, environment["DATABASE_URL"] == nil {
            overrides["HERALD_DATA_DIR"] = Self.dataDirectory
        }
        let configuration = try Launch.configuration(overrides)
        if noServe {
            try await Launch.standalone(configuration) { standalone in try await Self.seed(standalone.runtime) }
            return
        }
        try await HeraldServer.run(configuration, banner: false) { app in try await Self.seed(app.runtime) }
    }

    static func seed(_ runtime: HeraldRuntime) async throws {
        let configuration = runtime.configuration
        switch try await DemoService.seed(runtime) {
        case .refused:
            Launch.printError("""
                \(configuration.dataDirectory) holds a Herald install that is not the demo; the demo leaves it alone.
                Run the demo on its own data: HERALD_DATA_DIR=./herald-demo herald demo
                """)
            throw ExitCode(2)
        case .created:
            print("Created the demo: two workspaces on the Sandbox network, a week of history, posts due in the next minutes.")
        case .alreadyThere:
            print("The demo is already here; carrying on.")
        }
        print("""

            Herald demo at \(configuration.baseURL) — data in \(configuration.dataDirectory)
            Sign in as \(DemoService.email) with the password \(DemoService.password)
            (a demo account for this computer only: do not expose it to a network).
            """)
    }
}
