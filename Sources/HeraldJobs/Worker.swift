import AsyncHTTPClient
import FluentKit
import Foundation
import HeraldConnectors
import HeraldStore
import Logging
import Synchronization

/// The loop a `herald serve` or `herald worker` process runs: when it leads, turn due posts into
/// jobs; always, take publish jobs and run them. Batches are prepared up to `lead` before their
/// time (taken, loaded, checked, marked) and sent at their time, up to `depth` batches in flight,
/// so the database work of a burst is done before it is due. Cancel the task to stop: what is
/// being sent is finished, what waits for its time is given back for another worker.
public struct Worker: Sendable {
    public let publisher: Publisher
    /// First comments (and later steps), after their posts.
    public var steps: StepPublisher?
    public let leadership: SchedulerLeadership
    public let pollInterval: Duration
    public let batch: Int
    public let logger: Logger
    public let database: @Sendable () -> any Database
    /// Delivers webhooks when given; nil leaves them queued for a worker that has one.
    public let webhookClient: HTTPClient?
    /// Where webhooks may go (private addresses refused unless allowed).
    public var outbound: OutboundGuard?
    /// Sends queued e-mails (nil: no mail server configured).
    public var mailClient: SMTPClient?
    /// Sends Telegram notices and, on the leader, reads the bot's linking messages (nil: no bot).
    public var noticeBot: TelegramNoticeBot?
    /// How often the leader lets the Sandbox network's audience react (nil: never).
    public var sandboxInterval: Duration? = .seconds(60)
    /// Reads comments and messages into the inbox (nil: never).
    public var inbox: InboxSync?
    /// Reads published posts' numbers (nil: never).
    public var metrics: MetricsSync?
    /// Sends answers that wait in the inbox's queue (written by rules, or approved).
    public var replies: InboxReplies?
    /// The leader's hourly round: credentials and the sweep for missed posts (nil: never).
    public var maintenance: Maintenance?
    public var maintenanceInterval: Duration = .seconds(3600)
    /// How long before its time a batch may be prepared.
    public var lead: Duration = .seconds(5)
    /// Batches in flight at once (`HERALD_WORKER_DEPTH`): prepared ahead or being sent.
    public var depth = 48
    /// How often the leader looks for posts that are late (`Maintenance.sweepMissed`).
    public var missedInterval: Duration = .seconds(300)
    /// How often the loop records that it runs (`WorkerBeats`).
    public var beatInterval: TimeInterval = WorkerBeats.interval

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
        // Batches being sent run as tasks of their own: shutting down must not cancel a request
        // in the middle (that would make its outcome unknown), only stop what waits for its time.
        let state = InFlight()
        // Leases of jobs being sent are renewed while they are in flight: a slow platform must not
        // let another worker take a job back and act on it a second time.
        let heartbeat = Task { [publisher, database, logger] in
            let every = max(0.05, publisher.queue.leaseSeconds / 3)
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int(every * 1000)))
                let ids = state.jobs.withLock { Array($0.values.joined()) }
                guard !ids.isEmpty else { continue }
                do {
                    try await JobStore.extendLeases(ids, owner: publisher.queue.owner,
                                                    until: Date().addingTimeInterval(publisher.queue.leaseSeconds), on: database())
                } catch {
                    logger.error("lease heartbeat: \(String(reflecting: error))")
                }
            }
        }

        let leadSeconds = lead.inSeconds
        let clock = ContinuousClock()
        var lastTick = clock.now - pollInterval
        var lastSandbox = clock.now - .seconds(3600)
        var lastMaintenance = clock.now - maintenanceInterval
        var lastMissed = clock.now
        var lastInbox = clock.now - .seconds(3600)
        // The loop's own beat (`WorkerBeats`): written from here, not a task beside it, so a loop
        // that hangs falls silent and the pages say that posts are not going out.
        let started = Date()
        var lastBeat: ContinuousClock.Instant?
        var led: Date?  // when this worker last ran the scheduler
        while !Task.isCancelled {
            do {
                if lastBeat.map({ clock.now - $0 >= .seconds(beatInterval) }) ?? true {
                    lastBeat = clock.now
                    // A beat that cannot be written (the database busy past its wait) must not
                    // cost this round its publishing: it is written again next time.
                    do { try await WorkerBeats.beat(worker: publisher.queue.owner, started: started, led: led, on: database()) } catch {
                        logger.warning("worker beat not recorded: \(String(reflecting: error))")
                    }
                }
                // The scheduler's scan runs at most once per poll interval, however busy the worker is.
                if clock.now - lastTick >= pollInterval, await leadership.isLeader() {
                    lastTick = clock.now
                    try await Scheduler.tick(on: database())
                    if led == nil { lastBeat = nil }  // say at once that this worker schedules
                    led = Date()
                    if let sandboxInterval, clock.now - lastSandbox >= sandboxInterval {
                        lastSandbox = clock.now
                        try await SandboxNetwork.advance(on: database())
                    }
                    if clock.now - lastInbox >= .seconds(15) {
                        lastInbox = clock.now
                        if let noticeBot {
                            do { try await TelegramNotices.readLinks(bot: noticeBot, on: database()) } catch {
                                logger.warning("telegram notices: the bot's messages could not be read: \(String(reflecting: error))")
                            }
                        }
                        if let inbox { try await inbox.enqueueDue(on: database()) }
                        if let metrics { try await metrics.enqueueDue(on: database()) }
                        if let maintenance { try await maintenance.renewShortLived(on: database()) }
                    }
                    if let maintenance, clock.now - lastMaintenance >= maintenanceInterval {
                        lastMaintenance = clock.now
                        lastMissed = clock.now  // the round includes the sweep
                        _ = try await maintenance.run(on: database())
                    } else if let maintenance, clock.now - lastMissed >= missedInterval {
                        lastMissed = clock.now
                        _ = try await maintenance.sweepMissed(on: database())
                    }
                }
                var handled = 0
                while state.running.withLock({ $0.count }) < depth, !Task.isCancelled,
                      let prepared = try await publisher.prepare(limit: batch, lead: leadSeconds, on: database()) {
                    handled += prepared.count
                    let id = UUID()
                    let (publisher, database, logger) = (publisher, database, logger)
                    state.jobs.withLock { $0[id] = prepared.sendingJobs }
                    state.running.withLock { tasks in
                        tasks[id] = Task {
                            do {
                                try await publisher.finish(prepared, stop: { state.stopping.withLock { $0 } }, on: database())
                            } catch {
                                logger.error("worker batch: \(String(reflecting: error))")
                            }
                            _ = state.jobs.withLock { $0.removeValue(forKey: id) }
                            _ = state.running.withLock { $0.removeValue(forKey: id) }
                        }
                    }
                }
                if state.running.withLock({ $0.count }) >= depth {
                    try? await Task.sleep(for: .milliseconds(5))  // a batch in flight finishes soon
                    continue
                }
                if let steps {
                    handled += try await steps.runOnce(on: database())
                }
                if let inbox {
                    handled += try await inbox.runOnce(on: database())
                }
                if let metrics {
                    handled += try await metrics.runOnce(on: database())
                }
                if let replies {
                    handled += try await replies.runOnce(on: database())
                }
                if let webhookClient {
                    handled += try await Webhooks.deliver(queue: publisher.queue, box: publisher.box, client: webhookClient,
                                                          outbound: outbound, on: database())
                }
                if let mailClient {
                    handled += try await Mailer.deliver(queue: publisher.queue, client: mailClient, on: database())
                }
                if let noticeBot {
                    handled += try await TelegramNotices.deliver(queue: publisher.queue, bot: noticeBot, on: database())
                }
                if handled > 0 { continue }  // more may be due: go again at once
            } catch {
                logger.error("worker loop: \(String(reflecting: error))")
            }
            try? await Task.sleep(for: pollInterval)
        }
        state.stopping.withLock { $0 = true }
        for task in state.running.withLock({ Array($0.values) }) { await task.value }
        // The heartbeat ends before the worker does: nothing of it outlives the databases.
        heartbeat.cancel()
        await heartbeat.value
        await leadership.resign()
        logger.info("worker \(publisher.queue.owner) stopped")
    }
}

/// The worker's batches in flight, and whether it is stopping.
final class InFlight: Sendable {
    let stopping = Mutex(false)
    let running = Mutex<[UUID: Task<Void, Never>]>([:])
    /// The jobs each running batch is sending.
    let jobs = Mutex<[UUID: [UUID]]>([:])
}
