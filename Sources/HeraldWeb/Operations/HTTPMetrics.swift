import Foundation
import HeraldApp
import Prometheus

/// Request counts and latencies by route pattern (never the raw path, which would give one
/// series per post id), exposed in Prometheus text format at `/metrics`.
final class HTTPMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    static let buckets: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                      .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                                      .milliseconds(2500), .seconds(5), .seconds(10)]

    func record(method: String, route: String, status: UInt, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(
            descriptor: .init(namespace: "herald", metricName: "http_requests", unitName: "total",
                              helpText: "HTTP requests answered, by method, route pattern and status"),
            labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "herald", metricName: "http_request_duration", unitName: "seconds",
                              helpText: "Time to answer HTTP requests, by method and route pattern"),
            labels: [("method", method), ("route", route)],
            buckets: Self.buckets
        ).record(duration)
    }

    /// Seconds since any worker last went round its loop, and since one last ran the scheduler;
    /// -1 when none has.
    func workers(seenSecondsAgo: Double?, ledSecondsAgo: Double?) {
        registry.makeGauge(
            descriptor: .init(namespace: "herald", metricName: "worker_last_seen", unitName: "seconds",
                              helpText: "Seconds since a publishing worker last went round its loop (-1: none has run)")
        ).set(seenSecondsAgo.map { max(0, $0) } ?? -1)
        registry.makeGauge(
            descriptor: .init(namespace: "herald", metricName: "scheduler_last_run", unitName: "seconds",
                              helpText: "Seconds since a worker last turned due posts into jobs (-1: none has)")
        ).set(ledSecondsAgo.map { max(0, $0) } ?? -1)
    }

    func exposition() -> String { registry.emitToString() }
}
