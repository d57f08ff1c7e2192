import AsyncHTTPClient
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldEmulators
import HeraldJobs
import HeraldStore
import HeraldWeb
import FluentKit
import ArgumentParser
import HeraldApp

/// `herald bench web [--posts N] [--connections C] [--seconds S] [--json]`: see `WebBench`.
///
/// `herald bench links [--links N] [--connections C] [--seconds S] [--json]`: see `LinksBench`.
///
/// `herald bench inbox [--items N] [--json]`: see `InboxBench`.
///
/// `herald bench publish --posts N --channels M [--workers W] [--json]`: publishes N posts due at
/// the same instant through the Mastodon emulator over real HTTP on loopback, on a fresh database
/// (SQLite in a temporary directory, or a new PostgreSQL database on the server of
/// HERALD_BENCH_POSTGRES_URL), and reports posts per second, lateness, peak memory, duplicates and
/// losses — beside the ceiling: how fast the same emulator takes the same requests from a plain loop.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure publishing (throughput, lateness), the web server under load (pages, API, health, memory), short-link redirects, the inbox or analytics.")

    @Argument(help: "publish, web, inbox or analytics") var what: String
    @Option(help: "inbox: how many items (default 100000)") var items: Int?
    @Option(help: "analytics: how many metric samples (default 10000000)") var points: Int?
    @Option(help: "How many posts (publish: default 1000; web: scheduled posts in the workspace, default 100000)")
    var posts: Int?
    @Option(help: "web, links: open connections wrk keeps (default: web 200, links 50)") var connections: Int?
    @Option(help: "links: how many short links (default 10000)") var links: Int?
    @Option(help: "web: seconds of load on each route (default 10)") var seconds: Int = 10
    @Option(name: .customLong("due"), help: "web: posts falling due idle and again under load (default 300)") var due: Int = 300
    @Option(help: "How many channels (default 4)") var channels: Int = 4
    @Option(help: "Worker loops in this process (default 1, as in one `herald serve`)") var workers: Int = 1
    @Option(help: "Jobs a worker takes at a time (default: HERALD_WORKER_BATCH or 250)") var batch: Int?
    @Option(help: "Batches a worker has in flight (default: HERALD_WORKER_DEPTH or 48)") var depth: Int?
    @Option(name: .customLong("ceiling-loops"),
            help: "Concurrent plain client loops measuring the ceiling (default: HERALD_HTTP_CONNECTIONS_PER_HOST)")
    var ceilingLoops: Int?
    @Flag(help: "End with one JSON object of the results") var json = false

    func run() async throws {
        guard ["publish", "web", "links", "inbox", "analytics"].contains(what) else {
            Launch.printError("Unknown benchmark “\(what)”; try: herald bench publish --posts 10000 --channels 10, herald bench web, herald bench links, herald bench inbox --items 100000, or herald bench analytics --posts 100000 --points 10000000")
            throw ExitCode(2)
        }
        if what == "web" { return try await runWeb() }
        if what == "links" { return try await runLinks() }
        if what == "inbox" { return try await runInbox() }
        if what == "analytics" { return try await runAnalytics() }
        let posts = max(1, self.posts ?? 1000), channels = max(1, self.channels), workers = max(1, self.workers)
        let directory = NSTemporaryDirectory() + "herald-bench-" + UUID().text.lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let caller = ProcessInfo.processInfo.environment
        var environment = ["HERALD_DATA_DIR": directory, "HERALD_LOG_LEVEL": "error", "HERALD_BCRYPT_COST": "4",
                           "HERALD_SECRET_KEY": String(repeating: "5a", count: 32),
                           "HERALD_ALLOW_PRIVATE_URLS": "127.0.0.1"]  // the emulator listens on loopback
        if let batch { environment["HERALD_WORKER_BATCH"] = String(max(1, batch)) }
        if let depth { environment["HERALD_WORKER_DEPTH"] = String(max(1, depth)) }
        // The worker polls as a server's does (HERALD_WORKER_POLL_MS, 1 s): posts due at one instant are
        // taken and prepared up to the lead (5 s) before it, so polling faster only adds statements.
        for name in ["HERALD_WORKER_BATCH", "HERALD_WORKER_DEPTH", "HERALD_WORKER_LEAD_MS", "HERALD_WORKER_POLL_MS",
                     "HERALD_HTTP_CONNECTIONS_PER_HOST"]
        where environment[name] == nil {
            environment[name] = caller[name]  // tuning from the caller's environment
        }
        var dropDatabase: (() async -> Void)?
        if let admin = caller["HERALD_BENCH_POSTGRES_URL"] {
            let (url, drop) = try await BenchDatabase.create(adminURL: admin)
            environment["DATABASE_URL"] = url
            dropDatabase = drop
        }
        let configuration = try HeraldConfiguration.fromEnvironment(environment)
        let ceilingLoops = self.ceilingLoops.map { max(1, $0) } ?? configuration.httpConnectionsPerHost
        do {
            let result = try await Launch.standalone(configuration) { standalone in
                try await Self.measure(standalone.runtime, posts: posts, channels: channels, workers: workers,
                                       ceilingLoops: ceilingLoops)
            }
            await dropDatabase?()
            Self.report(result, json: json)
        } catch {
            await dropDatabase?()
            throw error
        }
    }

    struct Result: Encodable {
        var posts: Int
        var channels: Int
        var database: String
        var postsPerSecond: Double
        var ceilingPerSecond: Double
        var ratio: Double
        var latenessP50: Double
        var latenessP95: Double
        var latenessP99: Double
        var duplicates: Int
        var lost: Int
        var peakRSSBytes: Int
        /// The latest post's lateness, and when every outcome was in the database (seconds after
        /// the posts were due): in the text report only, to tell sending from recording (not in
        /// `CodingKeys`, so the JSON keeps the keys the issue names).
        var latenessMax: Double = 0
        var recorded: Double = 0
        var profile: LatenessProfile?
        /// CPU seconds this process used per post from the moment they were due until every outcome
        /// was recorded (engine, emulator and their HTTP on both sides), and per request of the
        /// ceiling's loops. On a shared machine they move too (by a quarter between runs here), if
        /// less than the rates.
        var cpuPerPost: Double = 0
        var cpuPerCeilingRequest: Double = 0
        /// A PostgreSQL server's CPU per post over the same span, when it runs on this machine.
        var databaseCPUPerPost: Double?

        enum CodingKeys: String, CodingKey {
            case posts, channels, database, ratio, duplicates, lost
            case postsPerSecond = "posts_per_second", ceilingPerSecond = "ceiling_per_second"
            case latenessP50 = "lateness_p50_s", latenessP95 = "lateness_p95_s", latenessP99 = "lateness_p99_s"
            case peakRSSBytes = "peak_rss_bytes"
        }
    }

    static func measure(_ runtime: HeraldRuntime, posts: Int, channels: Int, workers: Int, ceilingLoops: Int) async throws -> Result {
        // The ceiling's client is configured like the engine's: the same number of connections per host.
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = runtime.configuration.httpConnectionsPerHost
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let result = try await measure(runtime, client: client, posts: posts, channels: channels, workers: workers,
                                           ceilingLoops: ceilingLoops)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    static func measure(_ runtime: HeraldRuntime, client: HTTPClient, posts: Int, channels: Int, workers: Int,
                        ceilingLoops: Int) async throws -> Result {
        // The ceiling: the same emulator, the same requests, from plain client loops running side by
        // side — as many as it takes to saturate the emulator, so the engine is compared with the
        // most the emulator accepts, not with one slow loop.
        let ceilingEmulator = MastodonEmulator()
        try await ceilingEmulator.start()
        let platform = MastodonPlatform(client: client, timeout: .seconds(30))
        let ceilingCredential = ChannelCredential(accessToken: ceilingEmulator.token, instanceURL: ceilingEmulator.baseURL).encoded
        let ceilingStart = ContinuousClock.now, ceilingCPU = CPUReading.processSeconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for loop in 0..<ceilingLoops {
                group.addTask {
                    for index in stride(from: loop, to: posts, by: ceilingLoops) {
                        _ = try await platform.publish(PublishRequest(text: "Ceiling \(index)", idempotencyKey: UUID().text),
                                                       credential: ceilingCredential)
                    }
                }
            }
            try await group.waitForAll()
        }
        let ceilingSeconds = (ContinuousClock.now - ceilingStart).inSeconds
        let ceilingCPUSeconds = CPUReading.processSeconds() - ceilingCPU
        await ceilingEmulator.stop()

        // The engine: N posts due at one instant, published by W worker loops.
        let emulator = MastodonEmulator()
        try await emulator.start()
        let db = runtime.database()
        let organization = Organization(name: "Bench")
        try await organization.create(on: db)
        let workspace = Workspace(organizationID: try organization.requireID(), name: "Bench", timeZone: .utc, language: .en)
        try await workspace.create(on: db)
        let workspaceID = try workspace.requireID()
        var ids: [UUID] = []
        for index in 0..<channels {
            ids.append(try await WebBench.emulatorChannel(runtime, workspaceID: workspaceID, emulator: emulator, name: "Channel \(index)"))
        }
        let channelIDs = ids
        // Seeded far ahead, then all moved to one instant a few seconds away, with the workers
        // already running — as in a live install, where workers are always up.
        let seeded = Date().addingTimeInterval(86_400)
        for chunk in stride(from: 0, to: posts, by: 500) {
            try await db.writeTransaction { tx in
                for index in chunk..<min(posts, chunk + 500) {
                    let post = Post(workspaceID: workspaceID, authorID: nil, text: "Bench post \(index)")
                    post.statusName = PostStatus.scheduled.rawValue
                    post.scheduledAt = seeded
                    try await post.create(on: tx)
                    try await PostTarget(workspaceID: workspaceID, postID: try post.requireID(), channelID: channelIDs[index % channels],
                                         text: nil, firstComment: nil, link: nil).create(on: tx)
                }
            }
        }
        let due = Date().addingTimeInterval(6)
        try await Post.query(on: db).set(\.$scheduledAt, to: due).update()
        let tasks = (0..<workers).map { _ in
            let worker = runtime.makeWorker(database: runtime.database)
            return Task { await worker.run() }
        }
        try await Task.sleep(for: .milliseconds(Int(max(0, due.timeIntervalSinceNow) * 1000)))
        let localPostgres = CPUReading.isLocalPostgres(runtime.configuration.database)
        let start = ContinuousClock.now, startCPU = CPUReading.now(localPostgres: localPostgres)
        var published = 0
        let deadline = ContinuousClock.now + .seconds(max(120, posts / 20))
        var checked = ContinuousClock.now
        while published < posts && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            // A burst that fails (a refused address, a wrong token) ends the run with the reason
            // instead of waiting for the deadline.
            if ContinuousClock.now - checked > .seconds(1) {
                checked = ContinuousClock.now
                if let failed = try await PublicationRecord.query(on: db).filter(\PublicationRecord.$stateName == "failed").first() {
                    throw BenchFailure("publishing failed: \(failed.platformMessage ?? "no reason given")")
                }
            }
            // Watching the emulator costs the engine nothing; the database is asked only once the
            // emulator has every status (counting 10,000 rows every few milliseconds would compete
            // with the engine for the same two cores).
            guard emulator.posted.count >= posts else { continue }
            published = try await PublicationRecord.query(on: db).filter(\PublicationRecord.$stateName == "published").count()
        }
        let recordedAt = ContinuousClock.now
        let burstCPU = CPUReading.perRequest(from: startCPU, to: CPUReading.now(localPostgres: localPostgres), requests: max(1, published))
        let elapsed = (recordedAt - start).inSeconds
        tasks.forEach { $0.cancel() }
        for task in tasks { await task.value }

        let finished = try await PublicationRecord.query(on: db).filter(\PublicationRecord.$stateName == "published").all()
        // When the emulator stored each status (its created_at) against when it was due.
        let lateness = finished.compactMap { $0.publishedAt?.timeIntervalSince(due) }.sorted()
        func percentile(_ p: Double) -> Double {
            lateness.isEmpty ? 0 : lateness[min(lateness.count - 1, Int((Double(lateness.count) * p).rounded(.up)) - 1)]
        }
        let statuses = emulator.posted
        await emulator.stop()
        let rate = Double(published) / max(elapsed, 0.001), ceiling = Double(posts) / max(ceilingSeconds, 0.001)
        return Result(posts: posts, channels: channels, database: runtime.configuration.database.kind, postsPerSecond: rate,
                      ceilingPerSecond: ceiling, ratio: rate / ceiling, latenessP50: percentile(0.5), latenessP95: percentile(0.95),
                      latenessP99: percentile(0.99), duplicates: statuses.count - Set(statuses.compactMap(\.idempotencyKey)).count,
                      lost: posts - published, peakRSSBytes: peakRSS(), latenessMax: lateness.last ?? 0,
                      recorded: (recordedAt - start).inSeconds, profile: LatenessProfile(sortedLateness: lateness),
                      cpuPerPost: burstCPU.server / 1000, cpuPerCeilingRequest: ceilingCPUSeconds / Double(max(1, posts)),
                      databaseCPUPerPost: burstCPU.database.map { $0 / 1000 })
    }

    /// VmHWM from /proc: the most resident memory this process has had.
    static func peakRSS() -> Int { CPUReading.statusBytes("VmHWM") }

    static func report(_ result: Result, json: Bool) {
        func f(_ value: Double) -> String { String(format: "%.2f", value) }
        print("""
            herald bench publish — \(result.posts) posts, \(result.channels) channels, \(result.database)
              engine:   \(f(result.postsPerSecond)) posts/s
              ceiling:  \(f(result.ceilingPerSecond)) requests/s (plain loop, same emulator)
              ratio:    \(f(result.ratio))
              lateness: p50 \(f(result.latenessP50)) s, p95 \(f(result.latenessP95)) s, p99 \(f(result.latenessP99)) s, max \(f(result.latenessMax)) s
              recorded: every outcome in the database \(f(result.recorded)) s after the posts were due
              duplicates \(result.duplicates), lost \(result.lost), peak RSS \(result.peakRSSBytes / 1_048_576) MiB
              cpu:      \(String(format: "%.0f", result.cpuPerPost * 1e6)) µs per post (\(String(format: "%.0f", result.cpuPerCeilingRequest * 1e6)) µs per ceiling request), this process\(
                result.databaseCPUPerPost.map { String(format: "; PostgreSQL %.0f µs per post", $0 * 1e6) } ?? " only")
            """)
        result.profile?.lines.forEach { print($0) }
        if json, let data = try? JSONEncoder().encode(result) { print(String(decoding: data, as: UTF8.self)) }
    }
}

extension BenchCommand {
    /// `herald bench web`: on a fresh database like `publish`, with the server's own defaults
    /// (its worker included) except for a cheap bcrypt cost.
    func runWeb() async throws {
        var (environment, cleanUp) = try await benchEnvironment()
        for name in ["HERALD_MAX_CONCURRENT_REQUESTS", "HERALD_REQUEST_DEADLINE_SECONDS", "HERALD_WORKER_BATCH", "HERALD_WORKER_DEPTH",
                     "HERALD_SHARED_READS"] {
            environment[name] = ProcessInfo.processInfo.environment[name]  // tuning from the caller's environment
        }
        let options = WebBench.Options(posts: max(1, posts ?? 100_000), connections: max(1, connections ?? 200),
                                       seconds: max(1, seconds), batch: max(1, due))
        do {
            let result = try await WebBench.run(options, environment: environment)
            await cleanUp()
            Self.report(result, json: json)
        } catch let failure as BenchFailure {
            await cleanUp()
            Launch.printError("herald bench web: \(failure.description)")
            throw ExitCode(1)
        } catch {
            await cleanUp()
            throw error
        }
    }

    func runLinks() async throws {
        let (environment, cleanUp) = try await benchEnvironment()
        let options = LinksBench.Options(links: max(1, links ?? 10_000), connections: max(1, connections ?? 50), seconds: max(1, seconds))
        do {
            let result = try await LinksBench.run(options, environment: environment)
            await cleanUp()
            func f(_ value: Double) -> String { String(format: "%.2f", value) }
            func line(_ name: String, _ route: WebBench.RouteFigures) -> String {
                "  \(name) \(f(route.requestsPerSecond)) req/s, p50 \(f(route.p50)) ms, p99 \(f(route.p99)) ms, "
                    + "\(route.requests) requests, \(route.errors) errors"
            }
            print(["herald bench links — \(result.links) short links, \(result.connections) connections, \(result.database)",
                   line("database free  ", result.free), line("database locked", result.locked),
                   "  clicks counted \(result.clicksCounted) of \(result.answered) answered (warm-up included; a click in flight when wrk stops is counted, not seen answered); "
                   + (result.writesWaitedForLock ? "clicks waited in memory while the tables were locked" : "no click waited for the lock")]
                .joined(separator: "\n"))
            if json, let data = try? JSONEncoder().encode(result) { print(String(decoding: data, as: UTF8.self)) }
        } catch let failure as BenchFailure {
            await cleanUp()
            Launch.printError("herald bench links: \(failure.description)")
            throw ExitCode(1)
        } catch {
            await cleanUp()
            throw error
        }
    }

    static func report(_ result: WebBench.Result, json: Bool) {
        func f(_ value: Double) -> String { String(format: "%.2f", value) }
        var lines = ["herald bench web — \(result.posts) scheduled posts, \(result.connections) connections, \(result.database), "
                     + (result.sharedReads ? "overlapping identical page reads shared" : "every request reads on its own (HERALD_SHARED_READS=false)")]
        for name in ["calendar", "post_list", "api_list"] {
            guard let route = result.routes[name] else { continue }
            lines.append("  \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(f(route.requestsPerSecond)) req/s, "
                         + "p50 \(f(route.p50)) ms, p99 \(f(route.p99)) ms, \(route.requests) requests, \(route.errors) errors; "
                         + "\(f(route.leftoverSeconds)) s after wrk stopped to answer what it left; CPU per request "
                         + "\(f(route.serverCPUPerRequest)) ms in the server"
                         + (route.databaseCPUPerRequest.map { ", \(f($0)) ms in PostgreSQL" } ?? ""))
        }
        lines.append("  /healthz   slowest \(f(result.healthMaxMilliseconds)) ms, \(result.healthFailures) failures while loaded")
        lines.append("  publishing \(result.batch) posts due: p99 lateness idle \(f(result.latenessIdleP99)) s "
                     + "(\(result.publishedIdle) published), under load \(f(result.latenessLoadedP99)) s (\(result.publishedLoaded) published)")
        lines.append("  memory     \(result.residentAfterSeed / 1_048_576) MiB after seeding, "
                     + "\(result.residentPeakUnderLoad / 1_048_576) MiB at most under load")
        print(lines.joined(separator: "\n"))
        if json, let data = try? JSONEncoder().encode(result) { print(String(decoding: data, as: UTF8.self)) }
    }

    /// A fresh data directory (and a throwaway PostgreSQL database with HERALD_BENCH_POSTGRES_URL) for one run.
    func benchEnvironment() async throws -> (environment: [String: String], cleanUp: () async -> Void) {
        let directory = NSTemporaryDirectory() + "herald-bench-" + UUID().text.lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var environment = ["HERALD_DATA_DIR": directory, "HERALD_LOG_LEVEL": "error", "HERALD_BCRYPT_COST": "4",
                           "HERALD_SECRET_KEY": String(repeating: "5a", count: 32)]
        var dropDatabase: (() async -> Void)?
        if let admin = ProcessInfo.processInfo.environment["HERALD_BENCH_POSTGRES_URL"] {
            let (url, drop) = try await BenchDatabase.create(adminURL: admin)
            environment["DATABASE_URL"] = url
            dropDatabase = drop
        }
        // HERALD_BENCH_KEEP_DATABASE=true leaves the database in place to look into: the PostgreSQL
        // database (its URL is printed) or the data directory with the SQLite file.
        if ProcessInfo.processInfo.environment["HERALD_BENCH_KEEP_DATABASE"] == "true" {
            print("keeping the benchmark's database: \(environment["DATABASE_URL"] ?? directory + "/herald.sqlite")")
            return (environment, {})
        }
        return (environment, {
            await dropDatabase?()
            try? FileManager.default.removeItem(atPath: directory)
        })
    }

    func runAnalytics() async throws {
        let (environment, cleanUp) = try await benchEnvironment()
        let configuration = try HeraldConfiguration.fromEnvironment(environment)
        let postCount = max(1, posts ?? 100_000), pointCount = max(0, points ?? 10_000_000)
        do {
            let result = try await Launch.standalone(configuration) { standalone in
                try await AnalyticsBench.run(posts: postCount, points: pointCount, runtime: standalone.runtime)
            }
            await cleanUp()
            func f(_ value: Double) -> String { String(format: "%.1f", value) }
            var lines = ["herald bench analytics — \(result.posts) posts, \(result.metricPoints) metric points, \(result.database)",
                         "  seeded in \(f(result.seedSeconds)) s; samples take \(result.bytesPerMillionPoints / 1_000_000) MB per million points",
                         "  analytics roll-up filled for every post in \(f(result.rollupSeconds)) s (once)",
                         "  180-day window counted in \(f(result.windowFillSeconds)) s (once), moved on a day in \(f(result.windowDayMilliseconds)) ms"]
            for name in ["dashboard", "best_time", "content"] {
                guard let query = result.queries[name] else { continue }
                lines.append("  \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) p50 \(f(query.p50)) ms, p99 \(f(query.p99)) ms")
            }
            print(lines.joined(separator: "\n"))
            if json, let data = try? JSONEncoder().encode(result) { print(String(decoding: data, as: UTF8.self)) }
        } catch {
            await cleanUp()
            throw error
        }
    }

    func runInbox() async throws {
        let (environment, cleanUp) = try await benchEnvironment()
        let configuration = try HeraldConfiguration.fromEnvironment(environment)
        let count = max(1, items ?? 100_000)
        do {
            let result = try await Launch.standalone(configuration) { standalone in
                try await InboxBench.run(items: count, runtime: standalone.runtime)
            }
            await cleanUp()
            func f(_ value: Double) -> String { String(format: "%.2f", value) }
            var lines = ["herald bench inbox — \(result.items) items, \(result.database)",
                         "  ingest     \(Int(result.ingestPerSecond)) items/s, \(result.duplicates) duplicates caught"]
            for name in ["list", "search", "sla"] {
                guard let view = result.views[name] else { continue }
                lines.append("  \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) p50 \(f(view.p50)) ms, p99 \(f(view.p99)) ms")
            }
            print(lines.joined(separator: "\n"))
            if json, let data = try? JSONEncoder().encode(result) { print(String(decoding: data, as: UTF8.self)) }
        } catch {
            await cleanUp()
            throw error
        }
    }
}
