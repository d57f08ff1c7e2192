import FluentKit
import Foundation
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldStore
import SQLKit

/// `herald bench analytics --posts N --points M [--json]`: a workspace with N published posts over
/// 180 days on ten channels, each post's latest numbers, and M metric samples (readings of four
/// metrics, spread over the posts); then the dashboard (the last 30 days against the 30 before),
/// best time and content findings (180 days) are timed, and the samples' storage per million
/// points is measured. With `--json` the last line is one object: posts, metric_points, database,
/// bytes_per_million_points, queries {dashboard, best_time, content: {p50_ms, p99_ms}}.
enum AnalyticsBench {
    struct Query: Encodable {
        var p50: Double
        var p99: Double
        enum CodingKeys: String, CodingKey { case p50 = "p50_ms", p99 = "p99_ms" }
    }

    struct Result: Encodable {
        var posts: Int
        var metricPoints: Int
        var database: String
        var bytesPerMillionPoints: Int
        var seedSeconds: Double
        /// Filling the analytics roll-up for every post (once; reads after that only add new posts).
        var rollupSeconds: Double
        /// Counting every post of the 180 days into the window's sums (once, or after a new time zone).
        var windowFillSeconds: Double
        /// Moving the window one day on (the posts of a day enter it, those of another leave it).
        var windowDayMilliseconds: Double
        var queries: [String: Query]

        enum CodingKeys: String, CodingKey {
            case posts, database, queries
            case metricPoints = "metric_points"
            case bytesPerMillionPoints = "bytes_per_million_points"
            case seedSeconds = "seed_seconds"
            case rollupSeconds = "rollup_seconds"
            case windowFillSeconds = "window_fill_seconds"
            case windowDayMilliseconds = "window_day_ms"
        }
    }

    static let runs = 20
    static let metrics: [PostMetric] = [.likes, .reposts, .replies, .clicks]

    static func run(posts: Int, points: Int, runtime: HeraldRuntime) async throws -> Result {
        let db = runtime.database()
        guard let sql = db as? any SQLDatabase else { throw JobStoreError.notSQL }
        let (user, workspace) = try await AccountService.setUp(
            .init(organizationName: "Bench agency", name: "Bench owner", email: "owner@bench.example",
                  password: "bench-password-long-enough", workspaceName: "Bench brand", timeZone: "Europe/Berlin"),
            hasher: runtime.passwords, on: db)
        let workspaceID = try workspace.requireID(), userID = try user.requireID()
        let access = WorkspaceAccess(user: user, userID: userID, workspace: workspace, workspaceID: workspaceID, role: .owner)
        var channels: [UUID] = []
        for index in 0..<10 {
            let id = UUID()
            let sealed = try runtime.secretBox.seal(Data(ChannelCredential(accessToken: "bench-\(index)").encoded.utf8),
                                                    context: SocialChannel.credentialContext(workspaceID: workspaceID, channelID: id))
            let channel = SocialChannel(id: id, workspaceID: workspaceID, platform: .sandbox, name: "Bench \(index)", sealedCredentials: sealed)
            channel.postingSlots = [WeeklySlot(weekday: 2, hour: 9, minute: 0), WeeklySlot(weekday: 4, hour: 18, minute: 0)]
            try await channel.create(on: db)
            channels.append(id)
        }

        let now = Date(), span = 180.0 * 86_400
        let readingsPerPost = max(1, points / max(1, posts) / metrics.count)
        var rng = SeededRandom(seed: 14)
        let began = ContinuousClock.now
        let before = try await sampleBytes(sql)
        var written = 0
        for chunk in stride(from: 0, to: posts, by: 500) {
            let range = chunk..<min(posts, chunk + 500)
            var rows: [Post] = [], targets: [PostTarget] = [], publications: [PublicationRecord] = []
            var latest: [[any Encodable & Sendable]] = [], samples: [[any Encodable & Sendable]] = []
            for index in range {
                let at = now.addingTimeInterval(-span * Double(index) / Double(max(1, posts)) - 3600)
                let tag = ["#news", "#tips", "#sale", ""][index % 4]
                let post = Post(id: UUID(), workspaceID: workspaceID, authorID: userID, text: "Bench post \(index) \(tag)")
                post.statusName = PostStatus.published.rawValue
                post.scheduledAt = at
                let channel = channels[index % channels.count]
                let target = PostTarget(workspaceID: workspaceID, postID: try post.requireID(), channelID: channel, text: nil, firstComment: nil,
                                        link: index % 5 == 0 ? "https://example.com/\(index)" : nil)
                target.id = UUID()
                let publication = PublicationRecord(workspaceID: workspaceID, postID: try post.requireID(), targetID: try target.requireID(),
                                                    channelID: channel)
                publication.id = UUID()
                publication.state = .published(remoteID: "bench-\(index)", url: nil, at: at)
                rows.append(post)
                targets.append(target)
                publications.append(publication)
                // Readings spread over the post's first 30 days; the numbers grow to the latest.
                let final = Self.metrics.map { _ in Int(rng.next() % 400) }
                for reading in 0..<readingsPerPost {
                    let when = at.addingTimeInterval(30 * 86_400 * Double(reading + 1) / Double(readingsPerPost))
                    for (m, metric) in Self.metrics.enumerated() {
                        samples.append([UUID(), workspaceID, publication.id!, metric.rawValue, final[m] * (reading + 1) / readingsPerPost, when])
                    }
                }
                for (m, metric) in Self.metrics.enumerated() {
                    latest.append([publication.id!, workspaceID, metric.rawValue, final[m], at.addingTimeInterval(30 * 86_400)])
                }
            }
            let (postRows, targetRows, publicationRows, latestRows, sampleRows) = (rows, targets, publications, latest, samples)
            try await db.writeTransaction { tx in
                guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
                try await postRows.create(on: tx)
                try await targetRows.create(on: tx)
                try await publicationRows.create(on: tx)
                try await insert(sql, "post_metrics_latest", ["publication_id", "workspace_id", "metric", "value", "at"], latestRows)
                try await insert(sql, "metric_samples", ["id", "workspace_id", "publication_id", "metric", "value", "at"], sampleRows)
            }
            written += samples.count
        }
        try await PlannerStatistics.afterBulkLoad(on: db)
        let seedSeconds = (ContinuousClock.now - began).inSeconds
        let bytes = try await sampleBytes(sql) - before
        let filling = ContinuousClock.now
        try await AnalyticsRollup.ensure(workspace, from: .distantPast, to: .distantFuture, on: db)
        try await PlannerStatistics.afterBulkLoad(on: db)
        let rollupSeconds = (ContinuousClock.now - filling).inSeconds
        // The window as it was a day ago, then today's: the first fill counts every post, the second
        // moves it a day (what a workspace's first read of a new day costs).
        let windowFill = ContinuousClock.now
        let dayAgo = now.addingTimeInterval(-86_400)
        try await AnalyticsRollup.slide(workspace, from: dayAgo.addingTimeInterval(-AnalyticsQuery.lookBack),
                                        to: dayAgo.addingTimeInterval(-BestTime.settleTime), on: db)
        let windowFillSeconds = (ContinuousClock.now - windowFill).inSeconds
        // Every row changed: the statistics the planner reads are refreshed, as autovacuum would.
        try await PlannerStatistics.afterBulkLoad(on: db)
        let windowDay = ContinuousClock.now
        try await AnalyticsRollup.slide(workspace, from: now.addingTimeInterval(-AnalyticsQuery.lookBack),
                                        to: now.addingTimeInterval(-BestTime.settleTime), on: db)
        let windowDayMilliseconds = (ContinuousClock.now - windowDay).inSeconds * 1000

        func time(_ body: () async throws -> Void) async throws -> Query {
            for _ in 0..<2 { try await body() }
            var taken: [Double] = []
            for _ in 0..<runs {
                let t = ContinuousClock.now
                try await body()
                taken.append((ContinuousClock.now - t).inSeconds * 1000)
            }
            taken.sort()
            func at(_ p: Double) -> Double { taken[min(taken.count - 1, Int((p * Double(taken.count)).rounded(.up)) - 1)] }
            return Query(p50: at(0.5), p99: at(0.99))
        }
        let dashboard = try await time {
            _ = try await AnalyticsQuery.dashboard(access, from: now.addingTimeInterval(-30 * 86_400), to: now, on: db)
        }
        let bestTime = try await time { _ = try await AnalyticsQuery.bestTime(access, channel: nil, now: now, on: db) }
        let content = try await time { _ = try await AnalyticsQuery.content(access, channel: nil, now: now, on: db) }
        return Result(posts: posts, metricPoints: written, database: runtime.configuration.database.kind,
                      bytesPerMillionPoints: written > 0 ? Int(Double(bytes) / Double(written) * 1_000_000) : 0, seedSeconds: seedSeconds,
                      rollupSeconds: rollupSeconds, windowFillSeconds: windowFillSeconds, windowDayMilliseconds: windowDayMilliseconds,
                      queries: ["dashboard": dashboard, "best_time": bestTime, "content": content])
    }

    /// Multi-row inserts within every database's limit of bound values.
    static func insert(_ sql: any SQLDatabase, _ table: String, _ columns: [String], _ rows: [[any Encodable & Sendable]]) async throws {
        let perStatement = 30_000 / max(1, columns.count)
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            let insert = sql.insert(into: table).columns(columns)
            for row in rows[start..<min(rows.count, start + perStatement)] { insert.values(row.map { SQLBind($0) }) }
            try await insert.run()
        }
    }

    /// What the samples take on disk, indexes included.
    static func sampleBytes(_ sql: any SQLDatabase) async throws -> Int {
        if sql.dialect.name == "postgresql" {
            return try await sql.raw("SELECT pg_total_relation_size('metric_samples') AS n").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        // SQLite: the pages of the table and its index (dbstat), or the whole file's pages when dbstat is missing.
        if let row = try? await sql.raw("SELECT SUM(pgsize) AS n FROM dbstat WHERE name IN ('metric_samples', 'metric_samples_publication')").first() {
            return (try? row.decode(column: "n", as: Int?.self)).flatMap { $0 } ?? 0
        }
        let pages = try await sql.raw("PRAGMA page_count").first()?.decode(column: "page_count", as: Int.self) ?? 0
        let size = try await sql.raw("PRAGMA page_size").first()?.decode(column: "page_size", as: Int.self) ?? 0
        return pages * size
    }
}
