import Fluent
import HeraldApp
import HeraldStore
import SQLKit
import Vapor

/// Wires an application: database, secrets, middleware, routes. The executable and the tests
/// both call this, so what is tested is what runs.
public func configure(_ app: Application, _ configuration: HeraldConfiguration) async throws {
    // Before the database pools exist: SQLite waits for a writer on these threads (see
    // DatabaseThreads); the application starts the pool and stops it at shutdown.
    app.threadPool = NIOThreadPool(numberOfThreads: DatabaseThreads.count())
    app.herald = configuration
    app.logger.logLevel = configuration.logLevel
    app.http.server.configuration.hostname = configuration.host
    app.http.server.configuration.port = configuration.port
    // Text compresses about twentyfold (an inbox of 100 items: 427 KB → 22 KB); images, video and
    // archives are sent as they are. The CSRF token in pages is masked afresh for every page, so
    // compression cannot be used to guess it (BREACH; see `CSRFMask`).
    app.http.server.configuration.responseCompression = configuration.compressResponses ? .enabled : .disabled
    app.routes.defaultMaxBodySize = ByteCount(value: configuration.maxBodyBytes)
    ContentConfiguration.global.use(encoder: APIJSON.encoder, for: .json)

    try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
    let secretBox = SecretBox(key: try SecretKeyLoader.load(environmentValue: configuration.secretKey,
                                                            dataDirectory: configuration.dataDirectory))
    try configuration.database.register(on: app.databases)
    // Connectors share one HTTP client (configured before its first use); a burst to one
    // platform host may use this many connections.
    app.http.client.configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = configuration.httpConnectionsPerHost
    app.http.client.configuration.redirectConfiguration = .disallow  // a server must not bounce a request inward
    let databases = app.databases, logger = app.logger, loops = app.eventLoopGroup
    app.runtime = HeraldRuntime(configuration: configuration, secretBox: secretBox, httpClient: app.http.client.shared,
                                passwords: BcryptHashing(cost: configuration.bcryptCost), logger: logger,
                                database: { ClosedDatabase.lookup(databases, logger: logger, on: loops.any()) })
    app.httpMetrics = HTTPMetrics()
    app.publishingWatch = PublishingWatch.Cache()
    let health = Databases(threadPool: app.threadPool, on: app.eventLoopGroup)
    try configuration.database.register(on: health, maxConnectionsPerEventLoop: 1)
    app.healthDatabases = health
    app.lifecycle.use(ShutdownDatabases(databases: health))
    let readers = PageReaders(target: configuration.database, threadPool: app.threadPool, on: app.eventLoopGroup)
    app.pageReaders = readers
    app.lifecycle.use(ShutdownPageReaders(readers: readers))
    // Short links: the newest loaded at boot, clicks written every second, the last ones at shutdown.
    let redirects = LinkRedirects(database: { ClosedDatabase.lookup(databases, logger: logger, on: loops.any()) }, logger: logger)
    app.linkRedirects = redirects
    app.lifecycle.use(LinkRedirectsLifecycle(redirects: redirects))
    // Handlers run in reverse at shutdown: requests in flight finish before any pool closes.
    let inFlight = InFlightRequests()
    app.lifecycle.use(DrainRequests(requests: inFlight, limit: .seconds(configuration.requestDeadlineSeconds + 1)))

    // Our own stack replaces Vapor's default: request ids and metrics wrap everything, then
    // errors are rendered as JSON for the API and as a page for people.
    app.middleware = Middlewares()
    app.middleware.use(InFlightMiddleware(requests: inFlight))
    let shared = SharedReads(enabled: configuration.sharedReads)
    app.sharedReads = shared
    app.middleware.use(WriteClockMiddleware(reads: shared))
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(MetricsMiddleware(metrics: app.httpMetrics))
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(HeraldErrorMiddleware(environment: app.environment))
    app.middleware.use(RequestDeadline(seconds: configuration.requestDeadlineSeconds))
    let gate = RequestGate(limit: configuration.maxConcurrentRequests)
    app.requestGate = gate
    app.middleware.use(ConcurrencyLimit(gate: gate))

    if configuration.autoMigrate {
        try await MigrationRunner.migrate(databases: app.databases, target: configuration.database,
                                          logger: app.logger, on: app.eventLoopGroup.any())
    }
    SQLiteMemoryMap.bytes = configuration.sqliteMapBytes
    if case .sqlite = configuration.database, let sql = app.db as? any SQLDatabase {
        // Write-ahead logging: readers do not wait for the writer (web requests beside workers).
        _ = try await sql.raw("PRAGMA journal_mode=WAL").all()
    }
    try routes(app)
}

/// Shuts down a pool of the app's own (the health check's) with the app.
struct ShutdownDatabases: LifecycleHandler {
    let databases: Databases

    func shutdownAsync(_ application: Application) async { await databases.shutdownAsync() }
}

/// Loads the newest short links after boot and writes buffered clicks every second until shutdown.
final class LinkRedirectsLifecycle: LifecycleHandler, @unchecked Sendable {
    let redirects: LinkRedirects
    private var task: Task<Void, Never>?

    init(redirects: LinkRedirects) { self.redirects = redirects }

    func didBootAsync(_ application: Application) async throws {
        let redirects = self.redirects
        task = Task {
            await redirects.warm()
            await redirects.run()
        }
    }

    func shutdownAsync(_ application: Application) async {
        task?.cancel()
        await task?.value
    }
}
