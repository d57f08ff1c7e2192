import ArgumentParser
import HeraldWeb

/// `herald serve` (the default): the web server and, unless HERALD_WORKER=false, a worker.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the web server and a publishing worker (data in ./herald-data by default).")

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let configuration = try Launch.configuration(server.overrides)
        try await HeraldServer.run(configuration, banner: true)
    }
}
