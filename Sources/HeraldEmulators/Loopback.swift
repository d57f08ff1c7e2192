import Vapor

/// A Vapor application on a free loopback port: what every emulator and test site runs on.
enum Loopback {
    /// Makes the application, lets `routes` add its routes, starts it; answers it and its base URL.
    static func start(_ routes: (Application) throws -> Void) async throws -> (app: Application, baseURL: String) {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .error
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = 0
        try routes(app)
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        guard let port = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError) }
        return (app, "http://127.0.0.1:\(port)")
    }

    static func stop(_ app: Application?) async {
        await app?.server.shutdown()
        try? await app?.asyncShutdown()
    }
}
