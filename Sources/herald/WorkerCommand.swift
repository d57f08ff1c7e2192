import ArgumentParser
import Foundation
import HeraldApp

/// `herald worker`: publishing only, no web server and no Vapor; several can run against one
/// PostgreSQL. Stops on SIGTERM or SIGINT after finishing the job in hand.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run a publishing worker (no web server); stop with SIGTERM or Ctrl-C.")

    func run() async throws {
        let configuration = try Launch.configuration()
        try await Launch.standalone(configuration) { standalone in
            let worker = standalone.runtime.makeWorker(database: standalone.runtime.database)
            let task = Task { await worker.run() }
            let signals = [SIGTERM, SIGINT].map { number -> any DispatchSourceSignal in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { task.cancel() }
                source.resume()
                return source
            }
            print("Herald worker running (\(configuration.database.kind)); Ctrl-C stops it.")
            await task.value
            signals.forEach { $0.cancel() }
            print("Herald worker stopped.")
        }
    }
}
