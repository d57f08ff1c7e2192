import AsyncHTTPClient
import FluentKit
import Foundation
import HeraldStore
import Logging

/// The loop a `herald serve` or `herald worker` process runs: when it leads, turn due posts into
/// jobs; always, take publish jobs and run them. Cancel the task to stop: the job in hand is
/// finished, the rest of the batch is given back for another worker.
public struct Worker: Sendable {
    public let publisher: Publisher
    public let leadership: SchedulerLeadership
    public let pollInterval: Duration
    public let batch: Int
    public let logger: Logger
    public let database: @Sendable () -> any Database
    /// Delivers webhooks when given; nil leaves them queued for a worker that has one.
    public let webhookClient: HTTPClient?
    /// How often the leader lets the Sandbox network's audience react (nil: never).
    public var sandboxInterval: Duration? = .seconds(60)
    /// The leader's hourly round: credentials and the sweep for missed posts (nil: never).
    public var maintenance: Maintenance?
    public var maintenanceInterval: Duration = .seconds(3600)

    public init(publisher: Publisher, leadership: SchedulerLeadership, pollInterval: Duration = .seconds(1), batch: Int = 10,
                logger: Logger, webhookClient: HTTPClient? = nil, database: @escaping @Sendable () -> any Database) {
        self.webhookClient = webhookClient
        self.publisher = publisher
        self.leadership = leadership
        self.pollInterval = pollInterval
        self.batch = batch
        self.logger = logger
        self.database = database
    }

    public func run() async {
        logger.info("worker \(publisher.queue.owner) started")
        let clock = ContinuousClock()
        var lastTick = clock.now - pollInterval
        var lastSandbox = clock.now - .seconds(3600)
        var lastMaintenance = clock.now - maintenanceInterval
        while !Task.isCancelled {
            do {
                // The scheduler's scan runs at most once per poll interval, however busy the worker is.
                if clock.now - lastTick >= pollInterval, await leadership.isLeader() {
                    lastTick = clock.now
                    try await Scheduler.tick(on: database())
                    if let sandboxInterval, clock.now - lastSandbox >= sandboxInterval {
                        lastSandbox = clock.now
                        try await SandboxNetwork.advance(on: database())
                    }
                    if let maintenance, clock.now - lastMaintenance >= maintenanceInterval {
                        lastMaintenance = clock.now
                        _ = try await maintenance.run(on: database())
                    }
                }
                var handled = try await publisher.runOnce(limit: batch, on: database())
                if let webhookClient {
                    handled += try await Webhooks.deliver(queue: publisher.queue, box: publisher.box, client: webhookClient,
                                                          on: database())
                }
                if handled > 0 { continue }  // more may be due: go again at once
            } catch {
                logger.error("worker loop: \(String(reflecting: error))")
            }
            try? await Task.sleep(for: pollInterval)
        }
        await leadership.resign()
        logger.info("worker \(publisher.queue.owner) stopped")
    }
}
