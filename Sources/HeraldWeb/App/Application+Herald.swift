import HeraldConnectors
import HeraldCore
import HeraldJobs
import HeraldStore
import Vapor

/// What the app holds for every request: its configuration, the credential sealer and the metrics.
extension Application {
    private struct ConfigurationKey: StorageKey { typealias Value = HeraldConfiguration }
    private struct SecretBoxKey: StorageKey { typealias Value = SecretBox }
    private struct MetricsKey: StorageKey { typealias Value = HTTPMetrics }
    private struct SandboxKey: StorageKey { typealias Value = SandboxPlatform }

    public var herald: HeraldConfiguration {
        get {
            guard let value = storage[ConfigurationKey.self] else { fatalError("configure(_:_:) has not run") }
            return value
        }
        set { storage[ConfigurationKey.self] = newValue }
    }

    public var secretBox: SecretBox {
        get {
            guard let value = storage[SecretBoxKey.self] else { fatalError("configure(_:_:) has not run") }
            return value
        }
        set { storage[SecretBoxKey.self] = newValue }
    }

    /// The built-in Sandbox network of this process.
    public var sandbox: SandboxPlatform {
        if let sandbox = storage[SandboxKey.self] { return sandbox }
        let databases = self.databases, logger = self.logger, loop = eventLoopGroup.any()
        let sandbox = SandboxPlatform(storage: DatabaseSandboxStorage(database: { databases.database(logger: logger, on: loop)! }))
        storage[SandboxKey.self] = sandbox
        return sandbox
    }

    /// The connector for a platform, when Herald has one.
    /// The connectors this process has, by platform.
    public var connectors: Connectors { Connectors(sandbox: sandbox, mastodon: MastodonPlatform(client: http.client.shared)) }

    /// A worker for this app's database and connectors.
    public func makeWorker() -> Worker {
        let queue = JobQueue(owner: JobQueue.workerName(), leaseSeconds: Double(herald.jobLeaseSeconds))
        let connectors = self.connectors
        var publisher = Publisher(queue: queue, box: secretBox, platform: { connectors.connector(for: $0) })
        publisher.mediaStorage = MediaStorage(dataDirectory: herald.dataDirectory)
        publisher.sendConcurrency = herald.httpConnectionsPerHost
        let databases = self.databases
        let logger = self.logger
        let loop = eventLoopGroup.any()
        var worker = Worker(publisher: publisher, leadership: SchedulerLeadership(target: herald.database, logger: logger),
                            pollInterval: .milliseconds(herald.workerPollMilliseconds), batch: herald.workerBatch, logger: logger,
                            webhookClient: http.client.shared, database: { databases.database(logger: logger, on: loop)! })
        worker.maintenance = makeMaintenance()
        worker.lead = .milliseconds(herald.workerLeadMilliseconds)
        worker.depth = herald.workerDepth
        return worker
    }

    /// The hourly round of credentials and the missed-post sweep (`herald sweep` runs it once).
    public func makeMaintenance() -> Maintenance {
        let connectors = self.connectors
        var maintenance = Maintenance(box: secretBox, platform: { connectors.connector(for: $0) }, logger: logger)
        maintenance.keepFinishedJobs = TimeInterval(herald.jobRetentionDays) * 86_400
        return maintenance
    }

    var httpMetrics: HTTPMetrics {
        get {
            guard let value = storage[MetricsKey.self] else { fatalError("configure(_:_:) has not run") }
            return value
        }
        set { storage[MetricsKey.self] = newValue }
    }
}

/// Herald's connectors; platforms without one are refused visibly at publish time.
public struct Connectors: Sendable {
    public let sandbox: SandboxPlatform
    public let mastodon: MastodonPlatform

    public func connector(for platform: Platform) -> (any SocialPlatform)? {
        switch platform {
        case .sandbox: sandbox
        case .mastodon: mastodon
        default: nil
        }
    }
}
