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

    @Test("hourly for 48 hours, daily to 30 days, then never")
    func cadence() {
        let now = Date()
        #expect(MetricsSync.interval(publishedAt: now.addingTimeInterval(-3600), now: now) == 3600)
        #expect(MetricsSync.interval(publishedAt: now.addingTimeInterval(-3 * 86_400), now: now) == 86_400)
        #expect(MetricsSync.interval(publishedAt: now.addingTimeInterval(-31 * 86_400), now: now) == nil)
    }
}
