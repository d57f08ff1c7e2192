import AsyncHTTPClient
import Vapor

/// Starts the app's real HTTP server on a free loopback port and hands `body` a browser that
/// talks to it over TCP, as a person's browser would.
public func withLiveServer<T>(_ app: Application, _ body: (TestBrowser, String) async throws -> T) async throws -> T {
    try await app.asyncBoot()
    try await app.server.start(address: .hostname("127.0.0.1", port: 0))
    guard let port = app.http.server.shared.localAddress?.port else {
        await app.server.shutdown()
        throw FixtureError.unexpected("the server did not report its port")
    }
    let baseURL = "http://127.0.0.1:\(port)"
    var configuration = HTTPClient.Configuration()
    configuration.redirectConfiguration = .disallow
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    do {
        let result = try await body(TestBrowser(client: client, baseURL: baseURL), baseURL)
        try await client.shutdown()
        await app.server.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        await app.server.shutdown()
        throw error
    }
}
