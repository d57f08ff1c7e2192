import HeraldStore
import Vapor

/// What the app holds for every request: its configuration, the credential sealer and the metrics.
extension Application {
    private struct ConfigurationKey: StorageKey { typealias Value = HeraldConfiguration }
    private struct SecretBoxKey: StorageKey { typealias Value = SecretBox }
    private struct MetricsKey: StorageKey { typealias Value = HTTPMetrics }

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

    var httpMetrics: HTTPMetrics {
        get {
            guard let value = storage[MetricsKey.self] else { fatalError("configure(_:_:) has not run") }
            return value
        }
        set { storage[MetricsKey.self] = newValue }
    }
}
