import AsyncHTTPClient
import FluentKit
import Foundation
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldEmulators
import HeraldStore
import HeraldWeb
import NIOHTTP1
import SQLKit

/// `herald bench web`: a real server (pages, API and its worker, on a fresh database) with a
/// workspace holding many scheduled posts, loaded by `wrk` on the calendar, the post list and the
/// API list; meanwhile /healthz is probed and a batch of posts falls due, so the report says
/// whether pages stay quick, nothing fails, health answers, memory stays bounded and publishing
/// keeps its time under load as it does idle.
enum WebBench {
    struct Options {
        var posts: Int
        var connections: Int
        var seconds: Int
        var batch: Int
    }

    struct RouteFigures: Encodable {
        var requestsPerSecond: Double
        var p50: Double
        var p99: Double
        var requests: Int
        var errors: Int
        /// Seconds after wrk stopped until the server had answered every request wrk left behind
        /// (text report only).
        var leftoverSeconds: Double = 0
        /// CPU milliseconds per request in the server (this process; on the calendar, the batch
        /// published meanwhile included) and in a PostgreSQL server on this machine (`CPUReading`).
        var serverCPUPerRequest: Double = 0
        var databaseCPUPerRequest: Double?

        enum CodingKeys: String, CodingKey {
            case requests, errors
            case requestsPerSecond = "requests_per_second", p50 = "p50_ms", p99 = "p99_ms"
            case serverCPUPerRequest = "server_cpu_ms_per_request", databaseCPUPerRequest = "database_cpu_ms_per_request"
        }
    }

    struct Result: Encodable {
        var posts: Int
        var connections: Int
        var database: String
        var routes: [String: RouteFigures]
        var healthMaxMilliseconds: Double
        var healthFailures: Int
        var latenessIdleP99: Double
        var latenessLoadedP99: Double
        var publishedIdle: Int
        var publishedLoaded: Int
        var batch: Int
        var residentAfterSeed: Int
        var residentPeakUnderLoad: Int
        /// Whether identical overlapping page reads were shared (`HERALD_SHARED_READS`).
        var sharedReads: Bool

        enum CodingKeys: String, CodingKey {
            case posts, connections, database, routes, batch
            case sharedReads = "shared_reads"
            case healthMaxMilliseconds = "health_max_ms", healthFailures = "health_failures"
            case latenessIdleP99 = "publish_lateness_p99_s_idle", latenessLoadedP99 = "publish_lateness_p99_s_loaded"
            case publishedIdle = "published_idle", publishedLoaded = "published_loaded"
            case residentAfterSeed = "rss_after_seed_bytes", residentPeakUnderLoad = "peak_rss_bytes"
        }
    }

    static func run(_ options: Options, environment: [String: String]) async throws -> Result {
        guard let wrk = findExecutable("wrk") else {
            throw BenchFailure("wrk is not installed (apt-get install wrk); herald bench web drives the server with it")
        }
        var environment = environment
        environment["HERALD_PORT"] = "0"
        environment["HERALD_HOST"] = "127.0.0.1"
        environment["HERALD_ALLOW_PRIVATE_URLS"] = "127.0.0.1"
        environment["HERALD_METRICS_PUBLIC"] = "true"
        let configuration = try HeraldConfiguration.fromEnvironment(environment)
        Launch.bootstrapLogging(configuration)
        let localPostgres = CPUReading.isLocalPostgres(configuration.database)
        let emulator = MastodonEmulator()
        try await emulator.start()
        defer { Task { await emulator.stop() } }

        return try await Launch.standalone(configuration) { standalone in
            let runtime = standalone.runtime
            let seeded = try await seed(runtime, emulator: emulator, posts: options.posts)
            let afterSeed = residentNow()
            let (app, port) = try await HeraldServer.start(configuration)
            do {
                let base = "http://127.0.0.1:\(port)"
                // The cookies a signed-in browser holds: its session and the CSRF token it was given
                // with its first page (without it every page would mint and set a new one).
                let cookies = "Cookie: \(HeraldServer.sessionCookie)=\(seeded.session); \(HeraldServer.csrfCookie)=\(SecretToken.generate())"
                let routes = [
                    ("calendar", "\(base)/w/\(seeded.workspace)/calendar", cookies),
                    ("post_list", "\(base)/w/\(seeded.workspace)/calendar?view=list", cookies),
                    ("api_list", "\(base)/api/v1/workspaces/\(seeded.workspace)/posts", "Authorization: Bearer \(seeded.apiToken)"),
                ]
                try await checkAnswers(routes)

                // Idle: a batch falls due with nothing else going on.
                let idle = try await publishBatch(runtime, seeded: seeded, count: options.batch, load: nil)

                // Loaded: every route under wrk in turn, health probed throughout, and a batch
                // falling due during the first run.
                let probe = HealthProbe(url: "\(base)/healthz")
                let probing = Task { await probe.run() }
                var figures: [String: RouteFigures] = [:]
                // wrk closes its connections when its time is up; reads already running stop at
                // their next step (`StillWanted`) and waiting requests are dropped in turn: each route
                // is measured after the server has caught up with the previous one, not behind it.
                let loaded = try await publishBatch(runtime, seeded: seeded, count: options.batch, load: {
                    let (name, url, header) = routes[0]
                    figures[name] = try await drive(wrk, url: url, header: header, options: options, localPostgres: localPostgres)
                    figures[name]?.leftoverSeconds = await HeraldServer.caughtUp(app)
                })
                for (name, url, header) in routes.dropFirst() {
                    figures[name] = try await drive(wrk, url: url, header: header, options: options, localPostgres: localPostgres)
                    figures[name]?.leftoverSeconds = await HeraldServer.caughtUp(app)
                }
                probing.cancel()
                let health = await probing.value
                await HeraldServer.stop(app)
                return Result(posts: options.posts, connections: options.connections, database: configuration.database.kind,
                              routes: figures, healthMaxMilliseconds: health.maxMilliseconds, healthFailures: health.failures,
                              latenessIdleP99: idle.p99, latenessLoadedP99: loaded.p99, publishedIdle: idle.published,
                              publishedLoaded: loaded.published, batch: options.batch, residentAfterSeed: afterSeed,
                              residentPeakUnderLoad: health.peakResident, sharedReads: configuration.sharedReads)
            } catch {
                await HeraldServer.stop(app)
                throw error
            }
        }
    }

    struct Seeded {
        var workspace: UUID
        var channel: UUID
        var session: String
        var apiToken: String
    }

    /// An owner signed in (a session and an API token), one Mastodon channel on the emulator, and
    /// `posts` scheduled posts spread over the coming year (all a day or more away, so the worker
    /// leaves them be), written in bulk.
    static func seed(_ runtime: HeraldRuntime, emulator: MastodonEmulator, posts: Int) async throws -> Seeded {
        let db = runtime.database()
        let (user, workspace) = try await AccountService.setUp(
            .init(organizationName: "Bench agency", name: "Bench owner", email: "owner@bench.example",
                  password: "bench-password-long-enough", workspaceName: "Bench brand", timeZone: "Europe/Moscow"),
            hasher: runtime.passwords, on: db)
        let workspaceID = try workspace.requireID(), userID = try user.requireID()
        let session = SecretToken.generate()
        try await UserSession(tokenHash: SecretToken.hash(session), userID: userID, expiresAt: Date().addingTimeInterval(86_400),
                              now: Date(), userAgent: "herald bench web").save(on: db)
        let (_, apiToken) = try await TokenService.create(user: user, name: "bench", on: db)

        let channelID = try await emulatorChannel(runtime, workspaceID: workspaceID, emulator: emulator, name: "Bench Mastodon")

        let start = Date().addingTimeInterval(86_400), span = 365.0 * 86_400
        for chunk in stride(from: 0, to: posts, by: 400) {
            let range = chunk..<min(posts, chunk + 400)
            let rows = range.map { index in
                let post = Post(id: UUID(), workspaceID: workspaceID, authorID: userID,
                                text: "Bench post \(index): a plan for the coming year #herald")
                post.statusName = PostStatus.scheduled.rawValue
                post.scheduledAt = start.addingTimeInterval(span * Double(index) / Double(max(1, posts)))
                return post
            }
            let targets = try rows.map { post in
                let target = PostTarget(workspaceID: workspaceID, postID: try post.requireID(), channelID: channelID,
                                        text: nil, firstComment: nil, link: nil)
                target.id = UUID()
                return target
            }
            try await db.writeTransaction { tx in
                try await rows.create(on: tx)
                try await targets.create(on: tx)
            }
        }
        // The planner statistics a live installation has (see PlannerStatistics).
        try await PlannerStatistics.afterBulkLoad(on: db)
        return Seeded(workspace: workspaceID, channel: channelID, session: session, apiToken: apiToken)
    }

    /// A Mastodon channel on the emulator with no rate budget (the emulator has no rate limit of
    /// its own, as such a server).
    static func emulatorChannel(_ runtime: HeraldRuntime, workspaceID: UUID, emulator: MastodonEmulator,
                                name: String) async throws -> UUID {
        let id = UUID()
        let credential = ChannelCredential(accessToken: emulator.token, instanceURL: emulator.baseURL).encoded
        let channel = SocialChannel(id: id, workspaceID: workspaceID, platform: .mastodon, name: name,
                                    sealedCredentials: try runtime.secretBox.seal(Data(credential.utf8), context:
                                        SocialChannel.credentialContext(workspaceID: workspaceID, channelID: id)))
        channel.budgetCount = SocialChannel.unlimitedBudget
        try await channel.create(on: runtime.database())
        return id
    }

    /// Every route answers 200 to the credentials wrk will send (a redirect to sign-in would be
    /// measured as a fast page).
    static func checkAnswers(_ routes: [(String, String, String)]) async throws {
        for (name, url, header) in routes {
            var request = HTTPClientRequest(url: url)
            let parts = header.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            request.headers.add(name: parts[0], value: parts[1])
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            _ = try await response.body.collect(upTo: 32 << 20)
            guard response.status == .ok else { throw BenchFailure("\(name) answered \(response.status.code) before the load") }
        }
    }

    struct Lateness { var p99: Double; var published: Int }

    /// Schedules `count` posts due a few seconds from now on the emulator channel, runs `load`
    /// (if any) while they fall due, and returns the 99th percentile of published − due.
    static func publishBatch(_ runtime: HeraldRuntime, seeded: Seeded, count: Int,
                             load: (() async throws -> Void)?) async throws -> Lateness {
        let db = runtime.database()
        let due = Date().addingTimeInterval(load == nil ? 4 : 5)
        let ids = (0..<count).map { _ in UUID() }
        try await db.writeTransaction { tx in
            for (index, id) in ids.enumerated() {
                let post = Post(id: id, workspaceID: seeded.workspace, authorID: nil, text: "Due now \(index) \(UUID())")
                post.statusName = PostStatus.scheduled.rawValue
                post.scheduledAt = due
                try await post.create(on: tx)
                try await PostTarget(workspaceID: seeded.workspace, postID: try post.requireID(), channelID: seeded.channel,
                                     text: nil, firstComment: nil, link: nil).create(on: tx)
            }
        }
        try await load?()
        let deadline = ContinuousClock.now + .seconds(120)
        var records: [PublicationRecord] = []
        repeat {
            records = try await PublicationRecord.query(on: db).filter(\.$post.$id ~~ ids)
                .filter(\PublicationRecord.$stateName == "published").all()
            if records.count >= count { break }
            try await Task.sleep(for: .milliseconds(250))
        } while ContinuousClock.now < deadline
        let lateness = records.compactMap { $0.publishedAt?.timeIntervalSince(due) }.sorted()
        let p99 = lateness.isEmpty ? 0 : lateness[min(lateness.count - 1, Int((Double(lateness.count) * 0.99).rounded(.up)) - 1)]
        return Lateness(p99: p99, published: records.count)
    }

    /// One wrk run: `connections` open connections for `seconds`, latency percentiles and errors
    /// (non-2xx/3xx answers, connect/read/write failures, timeouts) parsed from its report.
    static func drive(_ wrk: String, url: String, header: String, options: Options, localPostgres: Bool) async throws -> RouteFigures {
        let before = CPUReading.now(localPostgres: localPostgres)
        var figures = try await runWrk(wrk, ["-t2", "-c\(options.connections)", "-d\(options.seconds)s", "--timeout", "10s", "--latency",
                                             "-H", header, url])
        (figures.serverCPUPerRequest, figures.databaseCPUPerRequest) =
            CPUReading.perRequest(from: before, to: CPUReading.now(localPostgres: localPostgres), requests: figures.requests)
        return figures
    }

    /// Runs wrk with `arguments` and reads its report.
    static func runWrk(_ wrk: String, _ arguments: [String]) async throws -> RouteFigures {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = try await Task.detached { () throws -> Data in
            let data = try pipe.fileHandleForReading.readToEnd() ?? Data()
            process.waitUntilExit()
            return data
        }.value
        return try parse(String(decoding: output, as: UTF8.self))
    }

    /// wrk's report: "Latency Distribution" lines (` 50%   12.34ms`), "N requests in …",
    /// "Non-2xx or 3xx responses: N", "Socket errors: connect A, read B, write C, timeout D",
    /// "Requests/sec: R".
    static func parse(_ report: String) throws -> RouteFigures {
        var figures = RouteFigures(requestsPerSecond: 0, p50: -1, p99: -1, requests: 0, errors: 0)
        for raw in report.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            if line.hasPrefix("50%"), words.count == 2 { figures.p50 = milliseconds(words[1]) }
            if line.hasPrefix("99%"), words.count == 2 { figures.p99 = milliseconds(words[1]) }
            if line.contains("requests in"), let count = Int(words.first ?? "") { figures.requests = count }
            if line.hasPrefix("Requests/sec:"), words.count == 2 { figures.requestsPerSecond = Double(words[1]) ?? 0 }
            if line.hasPrefix("Non-2xx or 3xx responses:"), let count = Int(words.last ?? "") { figures.errors += count }
            if line.hasPrefix("Socket errors:") {
                figures.errors += line.dropFirst("Socket errors:".count).split(separator: ",")
                    .compactMap { Int($0.split(separator: " ").last ?? "") }.reduce(0, +)
            }
        }
        guard figures.p99 >= 0, figures.requests > 0 else { throw BenchFailure("wrk gave no figures:\n\(report)") }
        return figures
    }

    /// "850.00us", "12.34ms", "1.20s", "2.00m" in milliseconds.
    static func milliseconds(_ text: Substring) -> Double {
        let units: [(String, Double)] = [("us", 0.001), ("ms", 1), ("s", 1000), ("m", 60_000)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)) { return value * factor }
        }
        return -1
    }

    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The resident memory now (VmRSS), in bytes.
    static func residentNow() -> Int { CPUReading.statusBytes("VmRSS") }
}

/// Asks /healthz five times a second while the load runs, and samples resident memory.
struct HealthProbe {
    let url: String

    struct Figures { var maxMilliseconds = 0.0; var failures = 0; var peakResident = 0 }

    func run() async -> Figures {
        var figures = Figures()
        while !Task.isCancelled {
            let start = ContinuousClock.now
            do {
                let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
                _ = try await response.body.collect(upTo: 1 << 20)
                if response.status != .ok { figures.failures += 1 }
            } catch {
                if Task.isCancelled { break }
                figures.failures += 1
            }
            let elapsed = (ContinuousClock.now - start)
            figures.maxMilliseconds = max(figures.maxMilliseconds, Double(elapsed.components.attoseconds) / 1e15
                                          + Double(elapsed.components.seconds) * 1000)
            figures.peakResident = max(figures.peakResident, WebBench.residentNow())
            try? await Task.sleep(for: .milliseconds(200))
        }
        return figures
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
