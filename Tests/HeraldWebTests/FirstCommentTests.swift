import FluentKit
import Foundation
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import SQLKit
import Testing
import Vapor

/// Issue 9, point 5: nothing a person enters is stored and ignored. The first comment and the
/// link of a variant reach the platform (here the Sandbox network), and the post page and the
/// API say how the comment went.
@Suite("First comment and link are sent")
struct FirstCommentTests {
    @Test("a Sandbox post with a link and a first comment: the link is attached, the comment follows as its own step")
    func sandbox() async throws {
        try await withHerald { app in
            let scene = try await SandboxScene.published(app) { channel in """
                {"text":"Осеннее меню","channels":["\(channel)"],
                 "variants":[{"channel_id":"\(channel)","first_comment":"Заказ: https://shop.example/menu","link":"https://shop.example/autumn"}]}
                """ }
            let (owner, api, w, base, post) = (scene.owner, scene.api, scene.workspace, scene.base, scene.post)
            let sql = try #require(app.db as? any SQLDatabase)
            let stored = try #require(try await sql.raw("SELECT link, content_type FROM sandbox_posts").first())
            #expect(try stored.decode(column: "link", as: String?.self) == "https://shop.example/autumn")
            #expect(try stored.decode(column: "content_type", as: String.self) == "link")
            let comment = try #require(try await sql.raw("SELECT text FROM sandbox_events WHERE idempotency_key IS NOT NULL").first())
            #expect(try comment.decode(column: "text", as: String?.self) == "Заказ: https://shop.example/menu")
            let detail = try await api.api(.GET, "\(base)/posts/\(post)")
            let publication = (detail.json["targets"] as? [[String: Any]])?.first?["publication"] as? [String: Any]
            #expect((publication?["id"] as? String).flatMap(UUID.init(uuidString:)) != nil, "the id the retry and resolve routes need")
            let step = publication?["first_comment"] as? [String: Any]
            #expect(step?["state"] as? String == "published" && step?["text"] as? String == "Заказ: https://shop.example/menu")
            let page = try await owner.get("/w/\(w)/posts/\(post)")
            #expect(page.text.contains("First comment: published"))
            // A second run sends nothing more.
            try await #require(app.runtime.makeWorker(database: app.runtime.database).steps).runOnce(on: app.db)
            let count = try await sql.raw("SELECT COUNT(*) AS n FROM sandbox_events WHERE idempotency_key IS NOT NULL").first()?
                .decode(column: "n", as: Int.self)
            #expect(count == 1)
        }
    }
}

@Suite("A first comment that does not go out is told")
struct FirstCommentProblemTests {
    @Test("refused for good: on the Notifications page, in the bell and the API, and e-mailed to the owner — the post itself stays published")
    func refusedComment() async throws {
        let settings = try MailPeer.settings()
        try await withHerald({ $0.smtp = settings }) { app in
            let owner = try TestBrowser(app: app)
            let ownerEmail = "owner-\(UUID().uuidString.prefix(8).lowercased())@agency.test"
            _ = try await owner.get("/setup")
            _ = try await owner.post("/setup", form: ["organization_name": "Agency", "name": "Olga Owner", "email": ownerEmail,
                                                      "password": Fixtures.password, "workspace_name": "Acme", "time_zone": "Europe/Moscow"])
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let w = try #require((try await api.api(.GET, "/api/v1/workspaces").json["items"] as? [[String: Any]])?.first?["id"] as? String)
            let base = "/api/v1/workspaces/\(w)"
            #expect(try await api.api(.PUT, "/api/v1/me/notifications", json: #"{"events":{"daily_digest":false}}"#).status == .ok)
            let channel = try await Agency.create(api, "\(base)/channels", #"{"platform":"sandbox","name":"Витрина","access_token":"s-1"}"#)
            let post = try await Agency.create(api, "\(base)/posts", """
                {"text":"Осеннее меню","channels":["\(channel)"],"variants":[{"channel_id":"\(channel)","first_comment":"Заказ по ссылке"}]}
                """)
            try await Fixtures.publishNow(app, post: post, steps: false)
            // The post is taken down on the platform before its comment goes: the comment is refused for good.
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("DELETE FROM sandbox_posts").run()
            try await #require(app.runtime.makeWorker(database: app.runtime.database).steps).runOnce(on: app.db)

            let page = try await owner.get("/w/\(w)/notifications")
            #expect(page.text.contains("First comments and threads that did not go out") && page.text.contains("Осеннее меню"), "\(page.text.prefix(0))")
            #expect(page.text.contains("Витрина</strong> · First comment:"))
            let bell = WaitingTests.bell(page.text)
            #expect(bell == "Notifications — waiting for you: 0; problems: 1", "\(bell ?? "no bell")")
            let attention = try await api.api(.GET, "\(base)/notifications")
            let steps = try #require(attention.json["steps"] as? [[String: Any]])
            #expect(steps.count == 1 && steps.first?["kind"] as? String == "first_comment" && steps.first?["state"] as? String == "failed",
                    "\(attention.text)")
            #expect(try await PostService.find(try await WorkspaceAccess.resolve(userID: try #require(try await User.query(on: app.db).first()?.id),
                                                                              user: try #require(try await User.query(on: app.db).first()),
                                                                              workspaceID: try #require(UUID(uuidString: w)), on: app.db),
                                               id: post, on: app.db).status == .published, "the post itself went out")

            #expect(try await Mailer.deliver(queue: JobQueue(owner: "step-test", leaseSeconds: 30), client: SMTPClient(settings: settings),
                                             on: app.db) == 1)
            let mail = try #require(try await MailPeer.wait(for: ownerEmail, count: 1).last)
            #expect(mail.text.contains("The post went out; its first comment did not.") && mail.text.contains("/posts/"), "\(mail.text)")
        }
    }
}
