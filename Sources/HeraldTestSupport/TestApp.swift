import Foundation
import HeraldApp
import HeraldStore
import HeraldWeb
import Vapor
import VaporTesting

/// Runs `body` with a fully configured Herald app on a database of its own, then tears both
/// down. `configure` may change the configuration first (e.g. tighter throttling).
public func withHerald<T>(
    _ adjust: (inout HeraldConfiguration) -> Void = { _ in },
    _ body: (Application) async throws -> T
) async throws -> T {
    let database = try await TestDatabase.make(migrated: true)
    var configuration = try HeraldConfiguration.fromEnvironment([
        "HERALD_DATA_DIR": database.dataDirectory,
        "HERALD_BCRYPT_COST": "4",
        "HERALD_PORT": "0",
        "HERALD_LOG_LEVEL": ProcessInfo.processInfo.environment["HERALD_TEST_LOG_LEVEL"] ?? "warning",
        "HERALD_SECRET_KEY": String(repeating: "ab", count: 32),
        // Emulators and webhook receivers listen on loopback.
        "HERALD_ALLOW_PRIVATE_URLS": "127.0.0.1",
    ])
    configuration.database = database.target
    // Every request the app's connectors send in a test goes to the contract checker.
    configuration.connectorRecorder = { try? ContractRecorder.record($0, file: "herald-app") }
    adjust(&configuration)
    let app = try await Application.make(.testing)
    do {
        try await configure(app, configuration)
        let result = try await body(app)
        try await app.asyncShutdown()
        await database.destroy()
        return result
    } catch {
        try? await app.asyncShutdown()
        await database.destroy()
        throw error
    }
}
