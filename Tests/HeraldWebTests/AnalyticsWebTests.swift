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

/// Issue 14: a Sandbox channel with four weeks of history, its simulated audience reacting to
/// it, the numbers read through the connector's Insights like any platform's — and the analytics
/// page, API and CSV recovering the audience's known active hours and preferences.
@Suite("Analytics on the Sandbox")
struct AnalyticsWebTests {
    /// A Sandbox token whose audience is small (fewer events to simulate, the same statistics).
    static let token: String = (1...200).map { "analytics-\($0)" }
        .first { SandboxAudience.forAccount(SandboxPlatform.account(for: $0)).followers < 1500 }!

    @Test("best time and content findings recover the simulated audience; dashboard, page, CSV and tenancy")
    func recoversTheAudience() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let w = agency.workspaceA, base = "/api/v1/workspaces/\(w)", api = agency.ownerAPI
            let channelID = try await Agency.create(api, "\(base)/channels", #"{"platform":"sandbox","name":"History","access_token":"\#(Self.token)"}"#)
            // Library files tagged by what they show; the Sandbox audience tells photos, graphics and animations apart by format.
            var media: [UUID] = []
            for (bytes, name, tag) in [(MediaFixtures.jpeg(1080, 1080), "people.jpg", "photo"), (MediaFixtures.png(1080, 1080), "chart.png", "graphic"),
                                       (MediaFixtures.gif(480, 480), "loop.gif", "animation")] {
                let uploaded = try await api.upload("\(base)/media", file: bytes, fileName: name, fields: ["tags": tag])
                media.append(try #require((uploaded.json["id"] as? String).flatMap(UUID.init(uuidString:)), "\(uploaded.text)"))
            }
            let owner = try #require(try await User.query(on: app.db).filter(\.$email != Agency.editorEmail).first())
            let access = try await WorkspaceAccess.resolve(userID: try owner.requireID(), user: owner, workspaceID: w, on: app.db)
            let channel = try #require(try await SocialChannel.find(channelID, on: app.db))
            let now = Date()
            try await SandboxHistory.generate(app.runtime, access, channel: channel, count: 900, days: 28, media: media, seed: 42, now: now)
            while try await SandboxNetwork.advance(now: now, batch: 500, on: app.db) > 0 {}
            let sync = try #require(app.runtime.makeWorker(database: app.runtime.database).metrics)
            #expect(try await sync.read(channelID: channelID, now: now, on: app.db) > 900 * 4 - 1, "four metrics per post and the followers")

            // Best time: each weekday's recommended hour does nearly as well as the truly best one.
            let audience = SandboxAudience.forAccount(SandboxPlatform.account(for: Self.token))
            let zone = access.workspace.zone
            func truth(_ weekday: Int, _ hour: Int) -> Double {
                var day = Schedule.local(now, in: zone)
                while day.weekday != weekday { day = day.adding(days: -1) }
                let local = LocalDateTime(year: day.year, month: day.month, day: day.day, hour: hour, minute: 30)
                return audience.expectedAttention(postedAt: Schedule.instant(of: local, in: zone).date)
            }
            // Posting slots at Tuesday's truly worst and truly best hours.
            let tuesday = (0..<24).map { truth(2, $0) }
            let worst = tuesday.indices.min { tuesday[$0] < tuesday[$1] }!, top = tuesday.indices.max { tuesday[$0] < tuesday[$1] }!
            func slot(_ hour: Int) -> String { "Tue " + (hour < 10 ? "0" : "") + "\(hour):00" }
            #expect(try await api.api(.PUT, "\(base)/channels/\(channelID)/slots", json: #"{"slots":["\#(slot(worst))","\#(slot(top))"]}"#).status == .ok)
            let best = try await api.api(.GET, "\(base)/analytics/best-time")
            #expect(best.status == .ok && best.json["enough_data"] as? Bool == true, "\(best.text.prefix(300))")
            let picks = try #require(best.json["best"] as? [[String: Any]])
            for weekday in 1...7 {
                let top = try #require(picks.first { $0["weekday"] as? Int == weekday }?["hour"] as? Int, "no pick for \(weekday)")
                let truths = (0..<24).map { truth(weekday, $0) }
                #expect(truths[top] >= 0.75 * (truths.max() ?? 0), "weekday \(weekday): \(top):00 recommended")
            }
            let slots = try #require(best.json["slots"] as? [[String: Any]])
            let low = try #require(slots.first { $0["time"] as? String == String(slot(worst).dropFirst(4)) })
            #expect(low["verdict"] as? String == "low", "the worst hour's slot is called low: \(low)")
            let better = try #require(low["better_hour"] as? Int)
            #expect(tuesday[better] >= 0.75 * tuesday[top], "and the hour it points to is a good one: \(better):00")
            #expect(slots.first { $0["time"] as? String == String(slot(top).dropFirst(4)) }?["verdict"] as? String != "unknown")

            // Content: kinds and image tags in the order of the audience's simulated appeal.
            let content = try await api.api(.GET, "\(base)/analytics/content")
            let groups = try #require(content.json["groups"] as? [[String: Any]])
            func mean(_ dimension: String, _ value: String) -> Double? {
                (groups.first { $0["dimension"] as? String == dimension && $0["value"] as? String == value }?["estimate"] as? [String: Any])?["mean"] as? Double
            }
            let affinity = audience.contentAffinity
            for (a, b) in [(SandboxContentType.text, SandboxContentType.link), (.link, .text)] where affinity[a]! > 1.3 * affinity[b]! {
                #expect((mean("kind", a.rawValue) ?? 0) > (mean("kind", b.rawValue) ?? 0), "\(a) should beat \(b)")
            }
            for a in SandboxImageType.allCases { for b in SandboxImageType.allCases where audience.imageAffinity[a]! > 1.3 * audience.imageAffinity[b]! {
                #expect((mean("image_tag", a.rawValue) ?? 0) > (mean("image_tag", b.rawValue) ?? 0), "\(a) images should beat \(b)")
            } }

            // The composer says what this channel's audience made of posts like the one being written.
            let channelContent = try await api.api(.GET, "\(base)/analytics/content?channel=\(channelID)")
            let clear = try #require(channelContent.json["clear"] as? [[String: Any]])
            let relevant = clear.first { group in
                (group["dimension"] as? String == "kind" && group["value"] as? String == "image")
                    || (group["dimension"] as? String == "image_tag" && group["value"] as? String == "photo")
            }
            let fragment = try await agency.owner.send(.POST, "/w/\(w)/compose/check", headers: [
                "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": agency.owner.csrfToken ?? "",
            ], body: ByteBuffer(string: "text=New+jacket&channels%5B%5D=\(channelID.uuidString)&media%5B%5D=\(media[0].uuidString)"))
            #expect(fragment.status == .ok)
            if let relevant {
                let subject = relevant["dimension"] as? String == "kind" ? "posts with one image" : "posts with images tagged “photo”"
                #expect(fragment.text.contains("For History: \(subject) get "), "\(fragment.text)")
            } else {
                #expect(!fragment.text.contains("For History:"), "no clear finding, no sentence: \(fragment.text)")
            }

            // Channel and campaign narrow the period's posts.
            let campaign = try await Agency.create(api, "\(base)/campaigns", #"{"name":"Autumn"}"#)
            let other = try #require(try await SocialChannel.find(try await Agency.create(api, "\(base)/channels", #"{"platform":"sandbox","name":"Other"}"#), on: app.db))
            for day in 1...3 {
                try await SandboxHistory.published(app.runtime, access, text: "Autumn \(day)", media: [], channel: other,
                                                   at: now.addingTimeInterval(-Double(day) * 3600), campaign: campaign)
            }
            let narrowed = try await api.api(.GET, "\(base)/analytics?campaign=\(campaign)")
            #expect((narrowed.json["current"] as? [String: Any])?["posts"] as? Int == 3, "\(narrowed.text.prefix(200))")
            let otherOnly = try await api.api(.GET, "\(base)/analytics?channel=\(try other.requireID())")
            #expect((otherOnly.json["current"] as? [String: Any])?["posts"] as? Int == 3)

            // Dashboard: the last 7 days against the 7 before; followers read; the page in English and Russian.
            let dashboard = try await api.api(.GET, "\(base)/analytics")
            #expect(dashboard.status == .ok, "\(dashboard.text.prefix(300))")
            let current = try #require(dashboard.json["current"] as? [String: Any])
            #expect((current["posts"] as? Int ?? 0) > 200 && (current["metrics"] as? [String: Int])?["views"] == nil, "views: not given, so absent")
            #expect(dashboard.json["followers"] as? Int != nil)
            let page = try await agency.owner.get("/w/\(w)/analytics")
            #expect(page.status == .ok)
            #expect(page.text.contains("role=\"img\"") && page.text.contains("<desc id=\"daily-desc\">") && page.text.contains("Best time to post"))
            #expect(page.text.contains("sits in a low hour") && page.text.contains("What content works") && page.text.contains("not available"),
                    "\(page.text.count)")
            _ = try await agency.owner.get("/language?set=ru&next=/")
            let ru = try await agency.owner.get("/w/\(w)/analytics")
            #expect(ru.text.contains("Лучшее время для постов") && ru.text.contains("Какой контент работает") && ru.text.contains("нет данных"))
            let csv = try await agency.owner.get("/w/\(w)/analytics/export")
            #expect(csv.status == .ok && csv.text.hasPrefix("published_at,post_id,channel,platform,kind"))
            #expect(csv.text.split(separator: "\n").count > 400)

            // Tenancy and bad input.
            #expect(try await agency.editorAPI.api(.GET, "/api/v1/workspaces/\(agency.workspaceB)/analytics").status == .notFound)
            let foreign = try await api.api(.GET, "\(base)/analytics?channel=\(agency.channelB)")
            #expect(foreign.status == .unprocessableEntity && foreign.text.contains("\"field\":\"channel\""), "\(foreign.text)")
            let backwards = try await api.api(.GET, "\(base)/analytics?from=2026-11-10&to=2026-11-01")
            #expect(backwards.status == .unprocessableEntity && backwards.text.contains("\"field\":\"to\""))
            // One request cannot ask for a day-by-day chart of centuries.
            let ages = try await api.api(.GET, "\(base)/analytics?from=2001-01-01&to=2026-01-01")
            #expect(ages.status == .unprocessableEntity && ages.text.contains("\"field\":\"from\"") && ages.text.contains("1096"), "\(ages.text)")
            #expect(try await api.api(.GET, "\(base)/inbox/report?from=2001-01-01&to=2026-01-01").status == .ok, "the response-time report has no such bound")
        }
    }
}

@Suite("The composer's finding, kept a while")
struct ContentFindingsMemoTests {
    @Test("summed once per channel for five minutes, then again; a full memo forgets its oldest")
    func memo() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let base = "/api/v1/workspaces/\(agency.workspaceA)"
            let a = try await Agency.create(agency.ownerAPI, "\(base)/channels", #"{"platform":"sandbox","name":"A"}"#)
            let b = try await Agency.create(agency.ownerAPI, "\(base)/channels", #"{"platform":"sandbox","name":"B"}"#)
            let owner = try #require(try await User.query(on: app.db).filter(\.$email != Agency.editorEmail).first())
            let access = try await WorkspaceAccess.resolve(userID: try owner.requireID(), user: owner, workspaceID: agency.workspaceA, on: app.db)
            let memo = ContentFindingsMemo(lifetime: 300, capacity: 1)
            let now = Date()
            _ = try await memo.findings(access, channel: a, now: now, on: app.db)
            _ = try await memo.findings(access, channel: a, now: now.addingTimeInterval(60), on: app.db)
            #expect(memo.computations == 1, "kept within five minutes")
            _ = try await memo.findings(access, channel: a, now: now.addingTimeInterval(301), on: app.db)
            #expect(memo.computations == 2, "summed again after")
            _ = try await memo.findings(access, channel: b, now: now.addingTimeInterval(302), on: app.db)
            _ = try await memo.findings(access, channel: a, now: now.addingTimeInterval(303), on: app.db)
            #expect(memo.computations == 4, "capacity one: B pushed A out")
        }
    }
}
