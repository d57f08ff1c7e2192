import FluentKit
import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// `herald serve` and `herald demo`: the web server, and (unless HERALD_WORKER=false) a
/// publishing worker in the same process on a database pool of its own. Vapor gets no command
/// line of ours: the host and port come from the configuration, which the `herald` command has
/// already filled from its options, so every link and banner names the address really served.
package enum HeraldServer {
    package static func run(_ configuration: HeraldConfiguration, banner: Bool,
                            prepare: @Sendable (Application) async throws -> Void = { _ in }) async throws {
        let environment = Environment(name: ProcessInfo.processInfo.environment["HERALD_ENV"] ?? "production",
                                      arguments: ["herald", "serve"])
        let app = try await Application.make(environment)
        do {
            try await configure(app, configuration)
            try await prepare(app)
            if configuration.runWorker { app.lifecycle.use(WorkerLifecycle()) }
            if banner { app.lifecycle.use(StartupBanner()) }
            try await app.execute()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

extension HeraldServer {
    /// A running server with its worker, for `herald bench web`: configured, booted and listening
    /// on the configured host and port (0: any free port). Stop with `stop(_:)`.
    package static func start(_ configuration: HeraldConfiguration) async throws -> (Application, port: Int) {
        let app = try await Application.make(.production)
        do {
            try await configure(app, configuration)
            if configuration.runWorker { app.lifecycle.use(WorkerLifecycle()) }
            try await app.asyncBoot()
            try await app.server.start(address: .hostname(configuration.host, port: configuration.port))
            guard let port = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError) }
            return (app, port)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    package static func stop(_ app: Application) async {
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }

    /// Waits (up to `limit`) until the server handles no request and none waits its turn; the
    /// seconds that took. After a load stops, this is how long the server spent on requests of
    /// clients that were gone: reads that were running stop at their next step (`StillWanted`),
    /// waiting requests are dropped as their turn comes (`PeerClosure`).
    package static func caughtUp(_ app: Application, limit: Duration = .seconds(30)) async -> Double {
        let start = ContinuousClock.now
        while start.duration(to: .now) < limit {
            let (running, waiting) = app.requestGate?.counts ?? (0, 0)
            if running == 0 && waiting == 0 { break }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return start.duration(to: .now).inSeconds
    }

    /// The session cookie's name, for tools that sign a browser in (the web benchmark).
    package static let sessionCookie = CookieNames.session
    package static let csrfCookie = CookieNames.csrf
}

/// Runs the publishing worker inside the server: started after boot on its own database pool
/// (so pages, however busy, never take the connections publishing needs), cancelled and awaited
/// at shutdown so the job in hand finishes and the rest is released.
final class WorkerLifecycle: LifecycleHandler, @unchecked Sendable {
    private var task: Task<Void, Never>?
    private var databases: Databases?

    func didBootAsync(_ application: Application) async throws {
        let databases = Databases(threadPool: application.threadPool, on: application.eventLoopGroup)
        try application.herald.database.register(on: databases)
        self.databases = databases
        let logger = application.logger, loops = application.eventLoopGroup
        let worker = application.runtime.makeWorker(database: { ClosedDatabase.lookup(databases, logger: logger, on: loops.any()) })
        application.logger.info("Publishing worker started (\(application.herald.database.kind), its own database pool)")
        task = Task { await worker.run() }
    }

    func shutdownAsync(_ application: Application) async {
        task?.cancel()
        await task?.value
        await databases?.shutdownAsync()
    }
}

/// Tells the person who just started Herald where to go next.
struct StartupBanner: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
        let configuration = application.herald
        let address = configuration.baseURL
        let isSetUp = (try? await TenancyQueries.isSetUp(on: application.db)) ?? true
        let hint = isSetUp
            ? "Sign in at \(address)/login (forgot the password? `herald user create` adds another owner)."
            : "First run: open \(address)/setup to create the owner account (or run `herald user create`)."
        application.logger.notice("Herald \(configuration.database.kind) database; data in \(configuration.dataDirectory)")
        print("\nHerald is starting at \(address)\n\(hint)\n")
    }
}
