import HeraldStore
import Vapor

/// `herald demo`: Herald on its own SQLite database in ./herald-demo (unless HERALD_DATA_DIR or
/// DATABASE_URL say otherwise), with a demo organisation on the built-in Sandbox network, then
/// the server and a worker, as `herald serve`. Run it again and it carries on where it was.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "no-serve", help: "Create the demo data and exit")
        var noServe: Bool
    }

    var help: String { "Run Herald with a demo workspace on the built-in Sandbox network (data in ./herald-demo)" }

    /// Where the demo keeps its data when nothing else is configured.
    static let dataDirectory = "./herald-demo"

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch try await DemoService.seed(app) {
        case .refused:
            context.console.error("""
                \(app.herald.dataDirectory) holds a Herald install that is not the demo; the demo leaves it alone.
                Run the demo on its own data: HERALD_DATA_DIR=./herald-demo herald demo
                """)
            throw ExitCode(2)
        case .created:
            context.console.print("Created the demo: two workspaces on the Sandbox network, a week of history, posts due in the next minutes.")
        case .alreadyThere:
            context.console.print("The demo is already here; carrying on.")
        }
        let configuration = app.herald
        context.console.print("""

            Herald demo at http://\(configuration.host):\(configuration.port) — data in \(configuration.dataDirectory)
            Sign in as \(DemoService.email) with the password \(DemoService.password)
            (a demo account for this computer only: do not expose it to a network).
            """)
        guard !signature.noServe else { return }
        var serve = CommandContext(console: context.console, input: CommandInput(arguments: ["herald"]))
        serve.application = app
        try await app.servers.asyncCommand.run(using: &serve)
    }
}
