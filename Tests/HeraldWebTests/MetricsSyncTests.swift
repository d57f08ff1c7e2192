import FluentKit
import Foundation
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldEmulators
@testable import HeraldJobs
@testable import HeraldStore
import HeraldTestSupport
import SQLKit
import Testing
import Vapor

/// Issue 14, first step: what each platform says about a published post is read into samples by
/// durable jobs — hourly in the first 48 hours, daily after, never after 30 days — and shown on the
/// post page and in the API; what a platform does not give is absent, never zero.
@Suite("Metrics sync")
struct MetricsSyncTests {
    @Test("a Mastodon post's favourites, boosts and replies are sampled, not again within the hour, shown on the post and in the API")
    func mastodon() async throws {
        try await MastodonScene.with { scene in
            let (app, owner, w, api, channel, mastodon, base) = (scene.app, scene.owner, scene.workspace, scene.api, scene.channel,
                                                                 scene.mastodon, scene.base)
            let post = try await Agency.create(api, "\(base)/posts", #"{"text":"Считаем лайки","channels":["\#(channel)"]}"#)
            try await Fixtures.publishNow(app, post: post)
            let remote = try #require(mastodon.posted.first?.id)
            mastodon.react(to: remote, favourites: 12, reblogs: 3)
            mastodon.audienceWrites("@herald класс", from: "olga", replyingTo: remote)

            let sync = try #require(app.runtime.makeWorker(database: app.runtime.database).metrics)
            #expect(try await sync.enqueueDue(on: app.db) == 1)
            #expect(try await sync.enqueueDue(on: app.db) == 0, "one job per channel at a time")
            #expect(try await sync.runOnce(on: app.db) == 1)
            #expect(try await sync.read(channelID: channel, on: app.db) == 0, "not due again within the hour")
            let accountMetrics = try #require(app.runtime.connectors.connector(for: .mastodon) as? any Insights).accountMetrics.count
            #expect(try await sync.read(channelID: channel, now: Date().addingTimeInterval(3700), on: app.db) == 3 + accountMetrics,
                    "an hour later: the post's three metrics and the account's")

            let detail = try await api.api(.GET, "\(base)/posts/\(post)")
            let publication = try #require((detail.json["targets"] as? [[String: Any]])?.first?["publication"] as? [String: Any])
            #expect(publication["metrics"] as? [String: Int] == ["likes": 12, "reposts": 3, "replies": 1], "no views: not given, not zero")
            let page = try await owner.get("/w/\(w)/posts/\(post)")
            #expect(page.text.contains("likes 12 · reposts 3 · replies 1"))
            let sql = try #require(app.db as? any SQLDatabase)
            let samples = try await sql.raw("SELECT COUNT(*) AS n FROM metric_samples").first()?.decode(column: "n", as: Int.self)
            #expect(samples == 6)
            let followers = try await sql.raw("SELECT COUNT(*) AS n FROM account_samples WHERE metric = 'followers'").first()?
                .decode(column: "n", as: Int.self)
            #expect(followers == 2, "the account's followers, read hourly with the posts")

            // A reading older than the latest does not replace it; the migration rebuilds the latest values from the samples.
            try await MetricsSync.record([remote: [.likes: 1]], channelID: channel, at: Date().addingTimeInterval(-2 * 86_400), on: app.db)
            #expect(try await MetricsSync.latest([try #require(UUID(uuidString: publication["id"] as? String ?? ""))], on: app.db).first?.value[.likes] == 12)
            try await M0033_CreateAccountSamples().undo(on: app.db)
            try await M0033_CreateAccountSamples().apply(on: app.db)
            let rebuilt = try await api.api(.GET, "\(base)/posts/\(post)")
            let again = try #require((rebuilt.json["targets"] as? [[String: Any]])?.first?["publication"] as? [String: Any])
            #expect(again["metrics"] as? [String: Int] == ["likes": 12, "reposts": 3, "replies": 1])
        }
    }

    @Test("a post's numbers over time: each reading in the API and on the page (chart and table, EN/RU); a metric the platform stopped giving says since when")
    func series() async throws {
        try await MastodonScene.with { scene in
            let (app, owner, w, api, channel, mastodon, base) = (scene.app, scene.owner, scene.workspace, scene.api, scene.channel,
                                                                 scene.mastodon, scene.base)
            let post = try await Agency.create(api, "\(base)/posts", #"{"text":"По часам","channels":["\#(channel)"]}"#)
            try await Fixtures.publishNow(app, post: post)
            let remote = try #require(mastodon.posted.first?.id)
            let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60)
            let hour: TimeInterval = 3600
            try await MetricsSync.record([remote: [.likes: 2, .views: 40]], channelID: channel, at: start.addingTimeInterval(hour), on: app.db)
            try await MetricsSync.record([remote: [.likes: 5, .views: 90]], channelID: channel, at: start.addingTimeInterval(2 * hour), on: app.db)
            try await MetricsSync.record([remote: [.likes: 7]], channelID: channel, at: start.addingTimeInterval(3 * hour), on: app.db)

            let answer = try await api.api(.GET, "\(base)/posts/\(post)/metrics")
            #expect(answer.status == .ok, "\(answer.text)")
            let publication = try #require((answer.json["publications"] as? [[String: Any]])?.first)
            let readings = try #require(publication["readings"] as? [[String: Any]])
            #expect(readings.map { $0["values"] as? [String: Int] ?? [:] } == [["likes": 2, "views": 40], ["likes": 5, "views": 90], ["likes": 7]],
                    "oldest first; views absent from the last reading, not zero")
            let since = try #require((publication["not_given_since"] as? [String: String])?["views"])
            let fractional = ISO8601DateFormatter()
            fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let sinceDate = try #require(ISO8601DateFormatter().date(from: since) ?? fractional.date(from: since))
            #expect(abs(sinceDate.timeIntervalSince(start.addingTimeInterval(3 * hour))) < 1, "the first reading without views: \(since)")
            #expect((publication["not_given_since"] as? [String: String])?["likes"] == nil)

            let page = try await owner.get("/w/\(w)/posts/\(post)")
            #expect(page.text.contains("Numbers over time") && page.text.contains("<svg class=\"chart line\""))
            #expect(page.text.contains("views: the platform has not given it since"), "\(page.text.count)")
            #expect(page.text.contains("Line chart of interactions by reading"))
            _ = try await owner.get("/language?set=ru&next=/")
            let russian = try await owner.get("/w/\(w)/posts/\(post)")
            #expect(russian.text.contains("Показатели по времени") && russian.text.contains("площадка не отдаёт этот показатель с"))

            let other = try await api.api(.GET, "/api/v1/workspaces/\(UUID())/posts/\(post)/metrics")
            #expect(other.status == .notFound || other.status == .forbidden, "\(other.status)")
        }
    }

    @Test("a round reads at most the platform's budget, most overdue first; a post the platform lost does not hold the line; 429 pauses the channel's readings until Retry-After")
    func budget() async throws {
        try await MastodonScene.with { scene in
            let (app, mastodon, base) = (scene.app, scene.mastodon, scene.base)
            let budget = try #require(app.runtime.connectors.connector(for: .mastodon) as? any Insights).postsPerRound
            #expect(budget == 40)
            var posts: [UUID] = []
            for number in 1...45 {
                posts.append(try await Agency.create(scene.api, "\(base)/posts", #"{"text":"Пост \#(number)","channels":["\#(scene.channel)"]}"#))
            }
            let sql = try #require(app.db as? any SQLDatabase)
            for post in posts { try await Fixtures.publishNow(app, post: post) }
            #expect(mastodon.posted.count == 45)
            let sync = try #require(app.runtime.makeWorker(database: app.runtime.database).metrics)
            let before = mastodon.statusReadCount
            _ = try await sync.read(channelID: scene.channel, on: app.db)
            #expect(mastodon.statusReadCount - before == 40, "one round: the budget, not all 45")
            let read = try await sql.raw("SELECT COUNT(DISTINCT publication_id) AS n FROM metric_samples").first()?.decode(column: "n", as: Int.self)
            #expect(read == 40)
            _ = try await sync.read(channelID: scene.channel, on: app.db)
            #expect(mastodon.statusReadCount - before == 45, "the next round reads the five left, not the forty just read")

            // An hour on, every post is due again; the server allows thirty reads, then says 429 for five minutes.
            let later = Date().addingTimeInterval(3700)
            mastodon.limitStatusReads(after: 30, retryAfter: 300)
            let limited = mastodon.statusReadCount
            _ = try await sync.read(channelID: scene.channel, now: later, on: app.db)
            #expect(mastodon.statusReadCount - limited == 30, "stopped at the refusal")
            let kept = try await sql.raw("SELECT COUNT(DISTINCT publication_id) AS n FROM metric_samples WHERE at > \(bind: later.addingTimeInterval(-1))")
                .first()?.decode(column: "n", as: Int.self)
            #expect(kept == MetricsSync.chunk, "the chunk read before the refusal is kept")
            let paused = try await sql.raw("SELECT metrics_paused_until FROM channels WHERE id = \(bind: scene.channel)").first()?
                .decode(column: "metrics_paused_until", as: Date?.self)
            #expect(paused.map { abs($0.timeIntervalSince(later.addingTimeInterval(300))) < 2 } == true, "paused for the platform's five minutes")
            mastodon.limitStatusReads(after: nil)
            #expect(try await sync.enqueueDue(now: later.addingTimeInterval(60), on: app.db) == 0, "no round while paused")
            #expect(try await sync.read(channelID: scene.channel, now: later.addingTimeInterval(60), on: app.db) == 0)
            #expect(mastodon.statusReadCount - limited == 30, "not one request while paused")
            _ = try await sync.read(channelID: scene.channel, now: later.addingTimeInterval(301), on: app.db)
            #expect(mastodon.statusReadCount - limited == 30 + 20, "after the pause, the twenty not yet read this hour")

            // A post the platform no longer has is asked once a round at most, not first every time.
            mastodon.forgetStatuses()
            let gone = mastodon.statusReadCount
            _ = try await sync.read(channelID: scene.channel, now: later.addingTimeInterval(8000), on: app.db)
            _ = try await sync.read(channelID: scene.channel, now: later.addingTimeInterval(8001), on: app.db)
            #expect(mastodon.statusReadCount - gone == 45, "45 asked over two rounds (40 + 5), none twice")
        }
    }

    @Test("hourly for 48 hours, daily to 30 days, then never")
    func cadence() {
        let now = Date()
        #expect(MetricsSync.interval(publishedAt: now.addingTimeInterval(-3600), now: now) == 3600)
        #expect(MetricsSync.interval(publishedAt: now.addingTimeInterval(-3 * 86_400), now: now) == 86_400)
        #expect(MetricsSync.interval(publishedAt: now.addingTimeInterval(-31 * 86_400), now: now) == nil)
    }
}
