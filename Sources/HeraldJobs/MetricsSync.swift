import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore
import SQLKit

/// Reads what each platform says about published posts (the Insights capability) into
/// `metric_samples`: hourly in a post's first 48 hours, daily after, not after 30 days. One durable
/// job per channel and round, queued by the leader only when none is waiting or running; a metric
/// a platform does not give is never written (it is "not available", not zero). The account's own
/// numbers (followers, …) are read hourly into `account_samples` in the same round.
public struct MetricsSync: Sendable {
    public static let jobKind = "metrics_sync"

    public let queue: JobQueue
    public let box: SecretBox
    public let platform: @Sendable (Platform) -> (any SocialPlatform)?

    public init(queue: JobQueue, box: SecretBox, platform: @escaping @Sendable (Platform) -> (any SocialPlatform)?) {
        self.queue = queue
        self.box = box
        self.platform = platform
    }

    /// How long after its last reading a post published at `publishedAt` is read again (nil: no more).
    public static func interval(publishedAt: Date, now: Date) -> TimeInterval? {
        let age = now.timeIntervalSince(publishedAt)
        if age > 30 * 86_400 { return nil }
        return age < 48 * 3600 ? 3600 : 86_400
    }

    /// Publications of `channelID` due for a reading now, with their remote ids: never read first,
    /// then the longest unread.
    static func due(channelID: UUID, now: Date, on sql: any SQLDatabase) async throws -> [(UUID, UUID, String)] {
        let rows = try await sql.raw("""
            SELECT p.id, p.workspace_id, p.remote_id, p.published_at, p.metrics_asked_at,
                   (SELECT MAX(s.at) FROM metric_samples s WHERE s.publication_id = p.id) AS last
            FROM publications p
            WHERE p.channel_id = \(bind: channelID) AND p.state = 'published' AND p.remote_id IS NOT NULL
              AND p.published_at >= \(bind: now.addingTimeInterval(-30 * 86_400))
            """).all()
        let due: [(Date, (UUID, UUID, String))] = try rows.compactMap { row in
            let publishedAt = try row.decode(column: "published_at", as: Date.self)
            guard let every = Self.interval(publishedAt: publishedAt, now: now) else { return nil }
            let last = [try row.decode(column: "last", as: Date?.self), try row.decode(column: "metrics_asked_at", as: Date?.self)]
                .compactMap { $0 }.max()
            if let last, now.timeIntervalSince(last) < every { return nil }
            return (last ?? .distantPast, (try row.decode(column: "id", as: UUID.self), try row.decode(column: "workspace_id", as: UUID.self),
                                           try row.decode(column: "remote_id", as: String.self)))
        }
        return due.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Posts asked about in one call to the connector: what was read is kept when a later call is refused.
    static let chunk = 25

    /// Until when reading `channelID`'s numbers waits (the platform said "too many requests").
    static func pausedUntil(channelID: UUID, on sql: any SQLDatabase) async throws -> Date? {
        try await sql.raw("SELECT metrics_paused_until FROM channels WHERE id = \(bind: channelID)").first()?
            .decode(column: "metrics_paused_until", as: Date?.self)
    }

    /// How often the account's numbers are read.
    public static let accountInterval: TimeInterval = 3600

    /// Whether the account's numbers of `channelID` are due a reading.
    static func accountDue(channelID: UUID, now: Date, on sql: any SQLDatabase) async throws -> Bool {
        let last = try await sql.raw("SELECT MAX(at) AS last FROM account_samples WHERE channel_id = \(bind: channelID)").first()?
            .decode(column: "last", as: Date?.self)
        return last.map { now.timeIntervalSince($0) >= Self.accountInterval } ?? true
    }

    /// The leader's part: one job for each active channel with Insights that has a post or its account due.
    @discardableResult
    public func enqueueDue(now: Date = Date(), on database: any Database) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let channels = try await SocialChannel.query(on: database).filter(\.$archivedAt == nil)
            .filter(\.$stateName == ChannelState.active.rawValue).all()
            .filter { channel in
                guard let insights = channel.platform.flatMap(platform) as? any Insights else { return false }
                return !insights.readPostMetrics.isEmpty || !insights.accountMetrics.isEmpty
            }
        let rounds = ChannelRounds(kind: Self.jobKind, queue: queue)
        let busy = try await rounds.busy(on: database)
        var queued = 0
        for channel in channels {
            guard let id = channel.id, !busy.contains(id.text) else { continue }
            if let paused = try await Self.pausedUntil(channelID: id, on: sql), paused > now { continue }
            var due = try await Self.accountDue(channelID: id, now: now, on: sql)
            if !due { due = !(try await Self.due(channelID: id, now: now, on: sql)).isEmpty }
            guard due else { continue }
            if try await rounds.enqueue(id, round: 600, priority: 1, now: now, on: database) { queued += 1 }
        }
        return queued
    }

    @discardableResult
    public func runOnce(limit: Int = 5, now: Date = Date(), on database: any Database) async throws -> Int {
        try await ChannelRounds(kind: Self.jobKind, queue: queue).runOnce(limit: limit, now: now, on: database) { id in
            _ = try? await read(channelID: id, now: now, on: database)
        }
    }

    /// Reads the due posts and, when due, the account of one channel now; answers how many samples
    /// were written. The posts come first, so an account the platform will not describe costs no post readings.
    @discardableResult
    public func read(channelID: UUID, now: Date = Date(), on database: any Database) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        guard let channel = try await SocialChannel.find(channelID, on: database), let kind = channel.platform,
              let insights = platform(kind) as? any Insights else { return 0 }
        if let paused = try await Self.pausedUntil(channelID: channelID, on: sql), paused > now { return 0 }
        let credential = try channel.openCredential(with: box)
        var written = 0
        do {
            written = try await readPosts(channelID: channelID, insights: insights, credential: credential, now: now, on: database)
        } catch PlatformError.rateLimited(let retryAfter) {
            try await pause(channelID, retryAfter: retryAfter, now: now, on: sql)
            return 0
        }
        if !insights.accountMetrics.isEmpty, try await Self.accountDue(channelID: channelID, now: now, on: sql) {
            let numbers: [AccountMetric: Int]
            do { numbers = try await insights.account(credential: credential) } catch PlatformError.rateLimited(let retryAfter) {
                try await pause(channelID, retryAfter: retryAfter, now: now, on: sql)
                return written
            }
            // Whatever a connector let through, no stored count is impossible.
            let plausible = numbers.plausible
            for (metric, value) in plausible where insights.accountMetrics.contains(metric) {
                try await sql.raw("""
                    INSERT INTO account_samples (id, workspace_id, channel_id, metric, value, at)
                    VALUES (\(bind: UUID()), \(bind: channel.$workspace.id), \(bind: channelID), \(bind: metric.rawValue), \(bind: value), \(bind: now))
                    """).run()
                written += 1
            }
        }
        return written
    }

    /// "Too many requests": no reading of this channel's numbers until the platform's time (ten
    /// minutes when it gave none).
    private func pause(_ channelID: UUID, retryAfter: Duration?, now: Date, on sql: any SQLDatabase) async throws {
        let seconds = retryAfter.map { Double($0.components.seconds) } ?? 600
        try await sql.raw("""
            UPDATE channels SET metrics_paused_until = \(bind: now.addingTimeInterval(max(1, seconds))) WHERE id = \(bind: channelID)
            """).run()
    }

    /// At most the platform's `postsPerRound` of the due posts, most overdue first, a chunk at a
    /// time; each chunk's readings are kept before the next is asked for.
    private func readPosts(channelID: UUID, insights: any Insights, credential: String, now: Date, on database: any Database) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let due = Array(try await Self.due(channelID: channelID, now: now, on: sql).prefix(max(1, insights.postsPerRound)))
        let given = insights.readPostMetrics
        guard !due.isEmpty, !given.isEmpty else { return 0 }
        var written = 0
        for start in stride(from: 0, to: due.count, by: Self.chunk) {
            let part = due[start..<min(due.count, start + Self.chunk)]
            let numbers = try await insights.metrics(of: part.map(\.2), credential: credential)
            written += try await database.writeTransaction { tx in
                guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
                var written = 0
                try await sql.raw("UPDATE publications SET metrics_asked_at = \(bind: now) WHERE id IN (\(binds: part.map(\.0)))").run()
                for (publication, workspace, remote) in part {
                    for (metric, value) in numbers[remote] ?? [:] where given.contains(metric) {
                        try await Self.sample(publication, workspace: workspace, metric, value, at: now, on: sql)
                        written += 1
                    }
                }
                // The analytics roll-up follows the new numbers.
                try await PublicationStats.refreshNumbers(part.map(\.0), on: sql)
                return written
            }
        }
        return written
    }

    /// Counts that came with a channel's conversations (Telegram's reactions), each a reading of
    /// the post it is about at `at`; counts of posts Herald did not publish are dropped.
    public static func record(_ counts: [String: [PostMetric: Int]], channelID: UUID, at: Date, on database: any Database) async throws {
        guard !counts.isEmpty else { return }
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        var read: [UUID] = []
        for (remote, numbers) in counts {
            guard let row = try await sql.raw("""
                SELECT id, workspace_id FROM publications
                WHERE channel_id = \(bind: channelID) AND remote_id = \(bind: remote) AND state = 'published' LIMIT 1
                """).first() else { continue }
            let publication = try row.decode(column: "id", as: UUID.self), workspace = try row.decode(column: "workspace_id", as: UUID.self)
            for (metric, value) in numbers { try await sample(publication, workspace: workspace, metric, value, at: at, on: sql) }
            read.append(publication)
        }
        // The analytics roll-up follows (rows it does not have yet take their numbers when added).
        try await PublicationStats.refreshNumbers(read, on: sql)
    }

    /// One reading: kept as a sample, and as the publication's latest value unless a later reading is there already.
    private static func sample(_ publication: UUID, workspace: UUID, _ metric: PostMetric, _ value: Int, at: Date,
                               on sql: any SQLDatabase) async throws {
        // Whatever a connector let through, no stored count is impossible (none can overflow a sum later).
        guard PlatformCount.plausible.contains(value) else { return }
        try await sql.raw("""
            INSERT INTO metric_samples (id, workspace_id, publication_id, metric, value, at)
            VALUES (\(bind: UUID()), \(bind: workspace), \(bind: publication), \(bind: metric.rawValue), \(bind: value), \(bind: at))
            """).run()
        try await sql.raw("""
            INSERT INTO post_metrics_latest (publication_id, workspace_id, metric, value, at)
            VALUES (\(bind: publication), \(bind: workspace), \(bind: metric.rawValue), \(bind: value), \(bind: at))
            ON CONFLICT (publication_id, metric) DO UPDATE SET value = excluded.value, at = excluded.at
            WHERE excluded.at >= post_metrics_latest.at
            """).run()
    }

    /// The latest reading of each metric of these publications.
    /// Every reading of the publications, oldest first, by publication.
    public static func samples(_ publications: [UUID], on database: any Database) async throws -> [UUID: [MetricSeries.Sample]] {
        guard !publications.isEmpty, let sql = database as? any SQLDatabase else { return [:] }
        var result: [UUID: [MetricSeries.Sample]] = [:]
        for start in stride(from: 0, to: publications.count, by: 500) {
            let chunk = Array(publications[start..<min(publications.count, start + 500)])
            for row in try await sql.raw("""
                SELECT publication_id, metric, value, at FROM metric_samples WHERE publication_id IN (\(binds: chunk)) ORDER BY at
                """).all() {
                guard let metric = PostMetric(rawValue: try row.decode(column: "metric", as: String.self)) else { continue }
                result[try row.decode(column: "publication_id", as: UUID.self), default: []].append(
                    .init(metric: metric, value: try row.decode(column: "value", as: Int.self), at: try row.decode(column: "at", as: Date.self)))
            }
        }
        return result
    }

    public static func latest(_ publications: [UUID], on database: any Database) async throws -> [UUID: [PostMetric: Int]] {
        guard !publications.isEmpty, let sql = database as? any SQLDatabase else { return [:] }
        var result: [UUID: [PostMetric: Int]] = [:]
        for start in stride(from: 0, to: publications.count, by: 500) {
            let chunk = Array(publications[start..<min(publications.count, start + 500)])
            for row in try await sql.raw("""
                SELECT publication_id, metric, value FROM post_metrics_latest WHERE publication_id IN (\(binds: chunk))
                """).all() {
                guard let metric = PostMetric(rawValue: try row.decode(column: "metric", as: String.self)) else { continue }
                result[try row.decode(column: "publication_id", as: UUID.self), default: [:]][metric] = try row.decode(column: "value", as: Int.self)
            }
        }
        return result
    }
}
