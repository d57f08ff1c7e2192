import AsyncHTTPClient
import FluentKit
import Foundation
import HeraldStore
import Logging
import NIOCore
import NIOPosix

/// A runtime for a command that serves no HTTP: its own database pool and HTTP client on the
/// shared event loops, shut down by `shutdown()`.
package final class StandaloneRuntime: Sendable {
    package let runtime: HeraldRuntime
    package let databases: Databases
    private let client: HTTPClient

    package init(_ configuration: HeraldConfiguration, passwords: any PasswordHashing, logger: Logger) throws {
        let databases = Databases(threadPool: DatabaseThreads.shared, on: MultiThreadedEventLoopGroup.singleton)
        try configuration.database.register(on: databases)
        let secretBox = SecretBox(key: try SecretKeyLoader.load(environmentValue: configuration.secretKey,
                                                                dataDirectory: configuration.dataDirectory))
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = configuration.httpConnectionsPerHost
        clientConfiguration.redirectConfiguration = .disallow  // a server must not bounce a request inward
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
        self.databases = databases
        self.client = client
        self.runtime = HeraldRuntime(configuration: configuration, secretBox: secretBox, httpClient: client, passwords: passwords,
                                     logger: logger,
                                     database: { ClosedDatabase.lookup(databases, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any()) })
    }

    package var database: any Database { runtime.database() }

    package func shutdown() async {
        try? await client.shutdown()
        await databases.shutdownAsync()
    }
}
