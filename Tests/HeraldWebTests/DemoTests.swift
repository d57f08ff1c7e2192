import HeraldApp
import Fluent
import Foundation
import HeraldCore
import HeraldJobs
import HeraldStore
@testable import HeraldWeb
import HeraldTestSupport
import Testing
import Vapor

@Suite("The demo on the Sandbox network")
struct DemoTests {
    @Test("`herald demo` data: two workspaces, a week of history with audience reactions, posts due soon that the worker publishes")
    func seed() async throws {
        try await withHerald { app in
            let now = Date()
            #expect(try await DemoService.seed(app.runtime, now: now) == .created)
            #expect(try await DemoService.seed(app.runtime, now: now) == .alreadyThere)
            #expect(try await Workspace.query(on: app.db).count() == 2)
            let published = try await PublicationRecord.query(on: app.db).filter(\.$stateName == "published").all()
            #expect(published.count == 12 + DemoService.historyPosts)
            let engagement = try await SandboxNetwork.engagement(remoteIDs: published.compactMap(\.remoteID), on: app.db)
            #expect(engagement.values.reduce(0) { $0 + ($1[.like] ?? 0) } > 50, "a week of likes")
            #expect(engagement.values.contains { ($0[.click] ?? 0) > 0 }, "posts with links are clicked")
            #expect(try await Post.query(on: app.db).filter(\.$statusName == "scheduled").count() == 4)

            // The worker takes it from here: the post due in two minutes goes out on both its channels.
            try await Scheduler.tick(now: now.addingTimeInterval(150), on: app.db)
            try await app.runtime.makeWorker(database: app.runtime.database).publisher.runOnce(limit: 100, now: now.addingTimeInterval(150), on: app.db)
            #expect(try await PublicationRecord.query(on: app.db).filter(\.$stateName == "published").count() == 14 + DemoService.historyPosts)

            // Signed in as the demo owner, the page of a history post shows what the audience did.
            let browser = try TestBrowser(app: app)
            _ = try await browser.get("/language?set=ru&next=/login")  // the sign-in page in Russian
            try await Fixtures.signIn(browser, email: DemoService.email, password: DemoService.password)
            let post = try #require(published.first { (engagement[$0.remoteID ?? ""]?[.like] ?? 0) > 0 })
            let page = try await browser.get("/w/\(post.$workspace.id)/posts/\(post.$post.id)")
            #expect(page.status == .ok)
            #expect(page.text.contains("Нравится: \(engagement[post.remoteID ?? ""]?[.like] ?? 0)"))
            #expect(page.text.components(separatedBy: "class=\"engagement\"").count == 2, "its numbers once, not again as synced readings")
            // Its history as it happened: written before it went out, then published by Herald at that time.
            let events = try await PostEvent.query(on: app.db).filter(\.$post.$id == post.$post.id).sort(\.$createdAt).all()
            #expect(events.map(\.action) == ["created", PostEvent.published], "\(events.map(\.action))")
            if let out = events.last, let at = post.publishedAt {
                #expect(abs(out.createdAt.timeIntervalSince(at)) < 1 && events[0].createdAt < at)
            }
            #expect(page.text.contains("<strong>Herald</strong> опубликовал"), "the publication is in the history")
            #expect(page.text.contains("Опубликован во всех каналах"), "a published post offers no scheduling")
            #expect(!page.text.contains("<textarea") && !page.text.contains("value=\"check\"") && !page.text.contains("/schedule\"")
                    && !page.text.contains("/approval-link\""), "nor editing, scheduling or a client link")
            #expect(page.text.contains("<h1>Опубликованный пост</h1>") && page.text.contains("/duplicate\"") && !page.text.contains("Готово к публикации"),
                    "titled for what it is, with Duplicate instead")

            // Analytics has four weeks to go on: best hours and a word about each posting slot.
            let acme = try #require(try await Workspace.query(on: app.db).filter(\.$name == "Acme Outdoor").first())
            let analytics = try await browser.get("/w/\(try acme.requireID())/analytics")
            #expect(analytics.status == .ok && analytics.text.contains("Лучшие часы по дням") && analytics.text.contains("Acme · Sandbox: "),
                    "\(analytics.text.count)")

            // The Sandbox audience's comments and messages come into the inbox.
            let sync = try #require(app.runtime.makeWorker(database: app.runtime.database).inbox)
            for channel in try await SocialChannel.query(on: app.db).all() { try await sync.sync(channelID: channel.requireID(), on: app.db) }
            #expect(try await InboxItem.query(on: app.db).count() > 0)
            let inbox = try await browser.get("/w/\(post.$workspace.id)/inbox?status=all")
            #expect(inbox.text.contains("class=\"card\" id=\"item-"), "the demo's inbox has the audience's words")
        }
    }

    @Test("signing in to the demo keeps the sign-in page's language: English stays English in the Russian workspace")
    func signInLanguage() async throws {
        try await withHerald { app in
            #expect(try await DemoService.seed(app.runtime) == .created)
            let english = try TestBrowser(app: app)
            try await Fixtures.signIn(english, email: DemoService.email, password: DemoService.password)
            let coffee = try #require(try await Workspace.query(on: app.db).filter(\.$name == "Кофейня «Зерно»").first()?.id)
            let page = try await english.get("/w/\(coffee)/calendar")
            #expect(page.text.contains("<html lang=\"en\"") && page.text.contains("Calendar"))
        }
    }

    @Test("docs/sample-import.csv imports into the demo's coffee workspace as it is")
    func sampleImport() async throws {
        try await withHerald { app in
            #expect(try await DemoService.seed(app.runtime) == .created)
            let browser = try TestBrowser(app: app)
            try await Fixtures.signIn(browser, email: DemoService.email, password: DemoService.password)
            let api = TestBrowser.sharing(browser, token: try await Fixtures.createToken(browser, name: "import"))
            let coffee = try #require(try await Workspace.query(on: app.db).filter(\.$name == "Кофейня «Зерно»").first()?.id)
            let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("docs/sample-import.csv")
            let csv = try String(contentsOf: sample, encoding: .utf8)
            let answer = try await api.api(.POST, "/api/v1/workspaces/\(coffee)/imports", json: csv, headers: ["Content-Type": "text/csv"])
            #expect(answer.status == .ok, "\(answer.text)")
            #expect(answer.json["imported"] as? Int == 3, "\(answer.text)")
        }
    }

    @Test("the demo refuses to touch a real install")
    func refusesRealInstall() async throws {
        try await withHerald { app in
            _ = try await Fixtures.setUpOwner(try TestBrowser(app: app))
            #expect(try await DemoService.seed(app.runtime) == .refused)
            #expect(try await Organization.query(on: app.db).count() == 1)
        }
    }

    @Test("`herald demo --no-serve` as a real process: creates, then carries on; refuses a real install")
    func process() async throws {
        try #require(HeraldProcess.isBuilt, "run `swift build` first")
        try await TestDatabase.with { database in
            let environment = HeraldProcess.environment(for: database)
            let first = try await HeraldProcess.run(["demo", "--no-serve"], environment: environment)
            #expect(first.status == 0, "\(first.output)")
            #expect(first.output.contains("Created the demo") && first.output.contains(DemoService.email))
            let second = try await HeraldProcess.run(["demo", "--no-serve"], environment: environment)
            #expect(second.status == 0 && second.output.contains("already here"), "\(second.output)")

            try await TestDatabase.with { other in
                let otherEnvironment = HeraldProcess.environment(for: other)
                #expect(try await HeraldProcess.run(["migrate"], environment: otherEnvironment).status == 0)
                #expect(try await HeraldProcess.run(["user", "create", "--email", "boss@agency.test", "--name", "Boss", "--password", "long enough pw"],
                                              environment: otherEnvironment).status == 0)
                let refused = try await HeraldProcess.run(["demo", "--no-serve"], environment: otherEnvironment)
                #expect(refused.status == 2 && refused.output.contains("not the demo"), "\(refused.output)")
            }
        }
    }
}
