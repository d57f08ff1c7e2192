import FluentKit
import Foundation
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldFixtures
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import SQLKit
import Testing
import Vapor

/// The analytics roll-up (`publication_stats`) answers exactly what reading every post answers:
/// the same dashboard, best-time grid and content findings on the same data, on both databases;
/// its numbers follow new readings; a new time zone and a rebuild fill it again.
@Suite("Analytics roll-up")
struct AnalyticsRollupTests {
    @Test("dashboard, best time and content findings from the roll-up equal those from every post; readings, zone change and rebuild")
    func sameAnswers() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let w = agency.workspaceA, base = "/api/v1/workspaces/\(w)", api = agency.ownerAPI
            var media: [UUID] = []
            for (bytes, name, tag) in [(MediaFixtures.jpeg(800, 800), "team.jpg", "people"), (MediaFixtures.png(800, 800), "chart.png", "infographic")] {
                let uploaded = try await api.upload("\(base)/media", file: bytes, fileName: name, fields: ["tags": tag])
                media.append(try #require((uploaded.json["id"] as? String).flatMap(UUID.init(uuidString:)), "\(uploaded.text)"))
            }
            let owner = try #require(try await User.query(on: app.db).filter(\.$email != Agency.editorEmail).first())
            let access = { try await WorkspaceAccess.resolve(userID: try owner.requireID(), user: owner, workspaceID: w, on: app.db) }
            let now = Date()
            var channels: [UUID] = []
            for (index, token) in ["rollup-a", "rollup-b"].enumerated() {
                let id = try await Agency.create(api, "\(base)/channels", #"{"platform":"sandbox","name":"Roll \#(index)","access_token":"\#(token)"}"#)
                let channel = try #require(try await SocialChannel.find(id, on: app.db))
                try await SandboxHistory.generate(app.runtime, try await access(), channel: channel, count: 150, days: 40, media: media,
                                                  seed: UInt64(7 + index), now: now)
                channels.append(id)
            }
            // A third of the posts belong to a campaign.
            let campaign = try await Agency.create(api, "\(base)/campaigns", #"{"name":"Winter"}"#)
            let sql = try #require(app.db as? any SQLDatabase)
            let posts = try await Post.query(on: app.db).filter(\.$workspace.$id == w).all()
            for post in posts.enumerated() where post.offset % 3 == 0 {
                try await sql.raw("UPDATE posts SET campaign_id = \(bind: campaign) WHERE id = \(bind: try post.element.requireID())").run()
            }
            while try await SandboxNetwork.advance(now: now, batch: 500, on: app.db) > 0 {}
            let sync = try #require(app.runtime.makeWorker(database: app.runtime.database).metrics)
            for channel in channels { _ = try await sync.read(channelID: channel, now: now, on: app.db) }

            func compare(_ a: Estimate?, _ b: Estimate?, _ what: String) {
                guard let a, let b else { #expect(a == nil && b == nil, "\(what): \(String(describing: a)) vs \(String(describing: b))"); return }
                let close = { (x: Double, y: Double) in abs(x - y) <= 1e-9 * max(1, abs(x), abs(y)) }
                #expect(a.n == b.n && close(a.mean, b.mean) && close(a.low, b.low) && close(a.high, b.high), "\(what): \(a) vs \(b)")
            }
            func check(_ label: String, at now: Date = now, dashboard: Bool = true) async throws {
                let access = try await access()
                let zone = access.workspace.zone
                for channel in [nil] + channels.map(Optional.some) {
                    let everyPost = try await AnalyticsQuery.performance(access, from: now.addingTimeInterval(-AnalyticsQuery.lookBack), to: now,
                                                                         scope: .init(channel: channel), on: app.db)
                    let (grid, _, content) = try await AnalyticsQuery.findings(access, channel: channel, now: now, on: app.db)
                    let expectedGrid = BestTime(posts: everyPost, zone: zone, now: now)
                    #expect(grid.posts == expectedGrid.posts && grid.posts > 50, "\(label): \(grid.posts) posts")
                    for (a, b) in zip(grid.cells, expectedGrid.cells) { compare(a.estimate, b.estimate, "\(label) cell \(a.weekday) \(a.hour)") }
                    let expectedContent = ContentFindings(posts: everyPost, zone: zone, now: now)
                    #expect(content.posts == expectedContent.posts)
                    for dimension in ContentFindings.Dimension.allCases {
                        let got = content.groups[dimension] ?? [], expected = expectedContent.groups[dimension] ?? []
                        #expect(Set(got.map(\.value)) == Set(expected.map(\.value)) && !got.isEmpty || dimension == .hashtag,
                                "\(label) \(dimension): \(got.map(\.value)) vs \(expected.map(\.value))")
                        for group in expected { compare(content.group(dimension, group.value)?.estimate, group.estimate, "\(label) \(dimension) \(group.value)") }
                    }
                    // The dashboard: the last 14 days against the 14 before, and a campaign's.
                    for scope in !dashboard ? [] : [AnalyticsQuery.Scope(channel: channel), .init(channel: channel, campaign: campaign)] {
                        let from = now.addingTimeInterval(-14 * 86_400)
                        let period = try await AnalyticsQuery.performance(access, from: from, to: now, scope: scope, on: app.db)
                        let earlier = try await AnalyticsQuery.performance(access, from: from.addingTimeInterval(-14 * 86_400), to: from, scope: scope, on: app.db)
                        let followers = try await AnalyticsRows.followers(workspace: w, from: from, to: now, channel: channel, on: app.db)
                        let expected = Dashboard(posts: period, earlier: earlier, followerSamples: followers, from: from, to: now, zone: zone)
                        let got = try await AnalyticsQuery.dashboard(access, from: from, to: now, scope: scope, on: app.db)
                        #expect(got.current == expected.current && got.previous == expected.previous && got.days == expected.days,
                                "\(label) \(scope): \(got.current) vs \(expected.current)")
                        #expect(got.top.map(\.interactions) == expected.top.map(\.interactions)
                                && got.bottom.map(\.interactions) == expected.bottom.map(\.interactions) && got.top.count == 5, "\(label) ranking")
                        #expect(got.current.posts > 0)
                    }
                }
            }
            try await check("first read")
            let rows = try await sql.raw("SELECT COUNT(*) AS n FROM publication_stats").first()?.decode(column: "n", as: Int.self)
            #expect(rows == 300, "one row per published post")

            // A new reading moves the roll-up's numbers with it.
            let top = try #require(try await AnalyticsQuery.dashboard(try await access(), from: now.addingTimeInterval(-14 * 86_400), to: now,
                                                                      on: app.db).top.first)
            let remote = try #require(try await PublicationRecord.find(top.publicationID, on: app.db)?.remoteID)
            try await MetricsSync.record([remote: [.likes: (top.metrics[.likes] ?? 0) + 5000]], channelID: top.channelID,
                                         at: now.addingTimeInterval(1), on: app.db)
            let after = try #require(try await AnalyticsQuery.dashboard(try await access(), from: now.addingTimeInterval(-14 * 86_400), to: now,
                                                                        on: app.db).top.first)
            #expect(after.publicationID == top.publicationID && after.interactions == top.interactions + 5000, "\(after.interactions) after \(top.interactions)")
            try await check("after a reading")

            // A reading by the metrics sync moves them too: the best post loses its likes on the platform.
            let best = try #require(try await AnalyticsQuery.dashboard(try await access(), from: now.addingTimeInterval(-14 * 86_400), to: now,
                                                                       on: app.db).top.first)
            let bestRemote = try #require(try await PublicationRecord.find(best.publicationID, on: app.db)?.remoteID)
            try await sql.raw("""
                DELETE FROM sandbox_events WHERE kind = 'like' AND post_id IN (SELECT id FROM sandbox_posts WHERE remote_id = \(bind: bestRemote))
                """).run()
            for channel in channels { _ = try await sync.read(channelID: channel, now: now.addingTimeInterval(2 * 86_400), on: app.db) }
            let rolled = try await sql.raw("SELECT interactions FROM publication_stats WHERE publication_id = \(bind: best.publicationID)")
                .first()?.decode(column: "interactions", as: Int.self)
            #expect(rolled == best.interactions - (best.metrics[.likes] ?? 0) && (best.metrics[.likes] ?? 0) > 0,
                    "\(String(describing: rolled)) after \(best.interactions) with \(best.metrics[.likes] ?? 0) likes")
            try await check("after the sync's reading")

            // Later, posts enter the 180 days' settled part and the oldest leave it; going back counts them again.
            try await check("160 days on", at: now.addingTimeInterval(160 * 86_400), dashboard: false)
            try await check("back", at: now)

            // A new time zone moves every local hour: the roll-up is filled again and still agrees.
            #expect(try await api.api(.PATCH, base, json: #"{"time_zone":"Asia/Vladivostok"}"#).status == .ok)
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM publication_stats").first()?.decode(column: "n", as: Int.self) == 0)
            try await check("Vladivostok")

            // Rebuilding is idempotent.
            #expect(try await AnalyticsRollup.rebuild(try await access().workspace, on: app.db) == 300)
            #expect(try await AnalyticsRollup.rebuild(try await access().workspace, on: app.db) == 300)
            try await check("rebuilt")
        }
    }
}
