import Foundation
import HeraldJobs
import Vapor

/// Runs the publishing worker inside `herald serve` (unless HERALD_WORKER=false): started after
/// boot, cancelled and awaited at shutdown so the job in hand finishes and the rest is released.
final class WorkerLifecycle: LifecycleHandler, @unchecked Sendable {
    private var task: Task<Void, Never>?

    func didBootAsync(_ application: Application) async throws {
        let worker = application.makeWorker()
        task = Task { await worker.run() }
    }

    func shutdownAsync(_ application: Application) async {
        task?.cancel()
        await task?.value
    }
}

/// `herald worker`: publishing only, no web server; several can run against one PostgreSQL.
/// Stops on SIGTERM or SIGINT after finishing the job in hand.
struct WorkerCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Run a publishing worker (no web server); stop with SIGTERM or Ctrl-C" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let worker = context.application.makeWorker()
        let task = Task { await worker.run() }
        let signals = [SIGTERM, SIGINT].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
        context.console.print("Herald worker running (\(context.application.herald.database.kind)); Ctrl-C stops it.")
        await task.value
        signals.forEach { $0.cancel() }
        context.console.print("Herald worker stopped.")
    }
}
