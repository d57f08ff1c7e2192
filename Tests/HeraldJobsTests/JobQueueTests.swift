import FluentKit
import Foundation
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import Logging
import Testing

@Suite("Durable job queue")
struct JobQueueTests {
    static let logger: Logger = { var l = Logger(label: "jobs.test"); l.logLevel = .warning; return l }()
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// A migrated test database and a function making connection pools on it (one per "process").
    static func database() async throws -> (TestDatabase, () throws -> Databases) {
        let database = try await TestDatabase.make(migrated: true)
        let pool = try SeparatePool.databases(database.target)
        try await MigrationRunner.migrate(databases: pool, target: database.target, logger: logger, on: SeparatePool.loop)
        await pool.shutdownAsync()
        return (database, { try SeparatePool.databases(database.target) })
    }

    static func db(_ pool: Databases) -> any Database { pool.database(logger: logger, on: SeparatePool.loop)! }

    @Test("due jobs are taken by priority, under a lease; completion needs the lease")
    func basics() async throws {
        let (database, pools) = try await Self.database()
        let pool = try pools()
        let db = Self.db(pool)
        try await JobStore.enqueue(kind: "publish", payload: "low", runAt: Self.t0, priority: 0, now: Self.t0, on: db)
        try await JobStore.enqueue(kind: "publish", payload: "high", runAt: Self.t0, priority: 5, now: Self.t0, on: db)
        try await JobStore.enqueue(kind: "publish", payload: "later", runAt: Self.t0.addingTimeInterval(60), now: Self.t0, on: db)
        #expect(try await JobStore.enqueue(kind: "publish", payload: "x", dedupeKey: "k", runAt: Self.t0, now: Self.t0, on: db))
        #expect(try await !JobStore.enqueue(kind: "publish", payload: "y", dedupeKey: "k", runAt: Self.t0, now: Self.t0, on: db))

        let worker = JobQueue(owner: "w1", leaseSeconds: 30)
        let taken = try await worker.take(limit: 2, now: Self.t0, on: db)
        #expect(taken.first?.payload == "high")
        #expect(["low", "x"].contains(taken.last?.payload ?? ""), "never the job that is not due yet")
        #expect(taken.allSatisfy { $0.attempts == 1 })
        let intruder = JobQueue(owner: "w2")
        #expect(try await !intruder.succeeded(taken[0], now: Self.t0, on: db), "only the lease holder finishes a job")
        #expect(try await worker.succeeded(taken[0], now: Self.t0, on: db))
        #expect(try await JobStore.counts(on: db)["done"] == 1)
        await pool.shutdownAsync()
        await database.destroy()
    }

    @Test("the hourly round removes finished jobs past their retention; queued, running and recent ones stay")
    func retention() async throws {
        let (database, pools) = try await Self.database()
        let pool = try pools()
        let db = Self.db(pool)
        for name in ["done", "failed", "running"] {
            try await JobStore.enqueue(kind: "publish", payload: name, runAt: Self.t0, now: Self.t0, on: db)
        }
        try await JobStore.enqueue(kind: "publish", payload: "queued", runAt: Self.t0.addingTimeInterval(365 * 86_400), now: Self.t0,
                                   on: db)
        let worker = JobQueue(owner: "w1", leaseSeconds: 60 * 86_400)
        let taken = try await worker.take(limit: 3, now: Self.t0, on: db)
        #expect(taken.count == 3)
        for job in taken {
            switch job.payload {
            case "done": #expect(try await worker.succeeded(job, now: Self.t0, on: db))
            case "failed": try await worker.failed(job, error: "refused", retryable: false, now: Self.t0, on: db)
            default: break  // left running
            }
        }
        // Finished twenty days later: recent.
        try await JobStore.enqueue(kind: "publish", payload: "recent", runAt: Self.t0, now: Self.t0, on: db)
        let recent = try #require(try await worker.take(limit: 1, now: Self.t0.addingTimeInterval(20 * 86_400), on: db).first)
        #expect(recent.payload == "recent")
        #expect(try await worker.succeeded(recent, now: Self.t0.addingTimeInterval(20 * 86_400), on: db))

        var maintenance = Maintenance(box: PublisherTests.box, platform: { _ in nil }, logger: Self.logger)
        maintenance.keepFinishedJobs = 14 * 86_400
        let report = try await maintenance.run(now: Self.t0.addingTimeInterval(21 * 86_400), on: db)
        #expect(report.purged == 2, "the job done and the job failed three weeks ago")
        #expect(try await JobStore.counts(on: db) == ["done": 1, "running": 1, "queued": 1])
        #expect(try await maintenance.run(now: Self.t0.addingTimeInterval(21 * 86_400), on: db).purged == 0)
        // Chunked: more than one statement's worth goes too.
        for index in 0..<7 {
            try await JobStore.enqueue(kind: "publish", payload: "bulk \(index)", runAt: Self.t0, now: Self.t0, on: db)
        }
        for job in try await worker.take(limit: 7, now: Self.t0, on: db) { try await worker.succeeded(job, now: Self.t0, on: db) }
        #expect(try await JobStore.purgeFinished(before: Self.t0.addingTimeInterval(1), chunk: 3, on: db) == 7)
        await pool.shutdownAsync()
        await database.destroy()
    }

    @Test("a crashed worker's lease expires and the job is taken again; a retry backs off; attempts end in failure")
    func leasesAndRetries() async throws {
        let (database, pools) = try await Self.database()
        let pool = try pools()
        let db = Self.db(pool)
        try await JobStore.enqueue(kind: "publish", payload: "p", runAt: Self.t0, maxAttempts: 3, now: Self.t0, on: db)
        let crashed = JobQueue(owner: "crashed", leaseSeconds: 30)
        _ = try await crashed.take(limit: 1, now: Self.t0, on: db)
        let survivor = JobQueue(owner: "survivor", leaseSeconds: 30, retry: RetryPolicy(baseDelay: .seconds(10), maximumDelay: .seconds(60)))
        #expect(try await survivor.take(limit: 1, now: Self.t0.addingTimeInterval(29), on: db).isEmpty, "lease still held")
        let again = try #require(try await survivor.take(limit: 1, now: Self.t0.addingTimeInterval(31), on: db).first)
        #expect(again.attempts == 2)
        #expect(try await !crashed.succeeded(again, now: Self.t0.addingTimeInterval(32), on: db), "the old holder lost it")

        try await survivor.failed(again, error: "HTTP 503", retryable: true, now: Self.t0.addingTimeInterval(40), unit: 0.5, on: db)
        #expect(try await survivor.take(limit: 1, now: Self.t0.addingTimeInterval(44), on: db).isEmpty, "backing off (10 s × 2 × 0.5)")
        let third = try #require(try await survivor.take(limit: 1, now: Self.t0.addingTimeInterval(51), on: db).first)
        #expect(third.attempts == 3)
        try await survivor.failed(third, error: "HTTP 503", retryable: true, now: Self.t0.addingTimeInterval(52), on: db)
        #expect(try await JobStore.counts(on: db)["failed"] == 1, "three attempts used")

        try await JobStore.enqueue(kind: "publish", payload: "bad", runAt: Self.t0, now: Self.t0, on: db)
        let bad = try #require(try await survivor.take(limit: 1, now: Self.t0.addingTimeInterval(60), on: db).first)
        try await survivor.failed(bad, error: "422 text too long", retryable: false, now: Self.t0.addingTimeInterval(60), on: db)
        #expect(try await JobStore.counts(on: db)["failed"] == 2, "not retryable: failed at once")

        try await JobStore.enqueue(kind: "publish", payload: "shutdown", runAt: Self.t0, now: Self.t0, on: db)
        let held = try #require(try await survivor.take(limit: 1, now: Self.t0.addingTimeInterval(70), on: db).first)
        #expect(try await survivor.release(held, now: Self.t0.addingTimeInterval(70), on: db))
        #expect(try await survivor.take(limit: 1, now: Self.t0.addingTimeInterval(70), on: db).first?.attempts == 1,
                "a released job is not charged an attempt")
        await pool.shutdownAsync()
        await database.destroy()
    }

    @Test("eight workers on their own connection pools race for 400 jobs: each taken exactly once")
    func race() async throws {
        let (database, pools) = try await Self.database()
        let setup = try pools()
        for index in 0..<400 {
            try await JobStore.enqueue(kind: "publish", payload: String(index), runAt: Self.t0, now: Self.t0, on: Self.db(setup))
        }
        await setup.shutdownAsync()
        let workerPools = try (0..<8).map { _ in try pools() }
        let taken = try await withThrowingTaskGroup(of: [String].self) { group in
            for (index, pool) in workerPools.enumerated() {
                group.addTask {
                    let worker = JobQueue(owner: "worker-\(index)", leaseSeconds: 300)
                    var mine: [String] = []
                    while true {
                        let batch = try await worker.take(limit: 7, now: Self.t0, on: Self.db(pool))
                        if batch.isEmpty { return mine }
                        for job in batch {
                            mine.append(job.payload)
                            try await worker.succeeded(job, now: Self.t0, on: Self.db(pool))
                        }
                    }
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(taken.count == 400, "taken \(taken.count) times")
        #expect(Set(taken).count == 400, "no job taken twice")
        #expect(try await JobStore.counts(on: Self.db(workerPools[0]))["done"] == 400)
        for pool in workerPools { await pool.shutdownAsync() }
        await database.destroy()
    }
}
