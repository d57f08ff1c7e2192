import FluentKit
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldJobs
import HeraldStore
import Vapor

/// What the app holds for every request: its configuration, the runtime the use cases share,
/// and the metrics.
extension Application {
    private struct ConfigurationKey: StorageKey { typealias Value = HeraldConfiguration }
    private struct RuntimeKey: StorageKey { typealias Value = HeraldRuntime }
    private struct MetricsKey: StorageKey { typealias Value = HTTPMetrics }
    private struct HealthKey: StorageKey { typealias Value = Databases }
    private struct LinksKey: StorageKey { typealias Value = LinkRedirects }
    private struct GateKey: StorageKey { typealias Value = RequestGate }
    private struct ReadersKey: StorageKey { typealias Value = PageReaders }
    private struct SharedReadsKey: StorageKey { typealias Value = SharedReads }
    private struct WatchKey: StorageKey { typealias Value = PublishingWatch.Cache }

    /// The short-link redirect's memory and click buffer (see `LinkRedirectsLifecycle`).
    package var linkRedirects: LinkRedirects? {
        get { storage[LinksKey.self] }
        set { storage[LinksKey.self] = newValue }
    }

    /// One connection for `/healthz` alone (see `configure`).
    var healthDatabases: Databases {
        get {
            guard let value = storage[HealthKey.self] else { fatalError("configure(_:_:) has not run") }
            return value
        }
        set { storage[HealthKey.self] = newValue }
    }

    package var herald: HeraldConfiguration {
        get {
            guard let value = storage[ConfigurationKey.self] else { fatalError("configure(_:_:) has not run") }
            return value
        }
        set { storage[ConfigurationKey.self] = newValue }
    }

    package var runtime: HeraldRuntime {
        get {
            guard let value = storage[RuntimeKey.self] else { fatalError("configure(_:_:) has not run") }
            return value
        }
        set { storage[RuntimeKey.self] = newValue }
    }

    package var secretBox: SecretBox { runtime.secretBox }
    package var sandbox: SandboxPlatform { runtime.sandbox }
    package var connectors: Connectors { runtime.connectors }

    /// Identical page reads that overlap run once (see `SharedReads`); off until configured.
    var sharedReads: SharedReads {
        get { storage[SharedReadsKey.self] ?? SharedReads(enabled: false) }
        set { storage[SharedReadsKey.self] = newValue }
    }

    /// Whether a worker runs, as the pages' frame asks it (see `PublishingWatch`).
    var publishingWatch: PublishingWatch.Cache {
        get {
            guard let value = storage[WatchKey.self] else { fatalError("configure(_:_:) has not run") }
            return value
        }
        set { storage[WatchKey.self] = newValue }
    }

    /// Connections for the pages that read the most (see `PageReaders`).
    var pageReaders: PageReaders? {
        get { storage[ReadersKey.self] }
        set { storage[ReadersKey.self] = newValue }
    }

    /// The gate every page and API request passes (see `ConcurrencyLimit`).
    var requestGate: RequestGate? {
        get { storage[GateKey.self] }
        set { storage[GateKey.self] = newValue }
    }

    var httpMetrics: HTTPMetrics {
        get {
            guard let value = storage[MetricsKey.self] else { fatalError("configure(_:_:) has not run") }
            return value
        }
        set { storage[MetricsKey.self] = newValue }
    }
}
