import FluentKit
import Foundation
import HeraldApp
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
            // setup
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let base = "/api/v1/workspaces/\(w)"
            let channel = try await Agency.create(api, "\(base)/channels", #"{"platform":"sandbox","name":"Sandbox","access_token":"s-1"}"#)
            let post = try await Agency.create(api, "\(base)/posts", """
                {"text":"Осеннее меню","channels":["\(channel)"],
                 "variants":[{"channel_id":"\(channel)","first_comment":"Заказ: https://shop.example/menu","link":"https://shop.example/autumn"}]}
                """)
            // MUT
            try await Fixtures.publishNow(app, post: post)
            // validate
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
