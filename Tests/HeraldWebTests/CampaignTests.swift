import HeraldApp
import Fluent
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

@Suite("Campaigns")
struct CampaignTests {
    @Test("API: create, attach posts, list them, clear with null, delete keeps the posts")
    func api() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let base = "/api/v1/workspaces/\(s.workspace)"
            let created = try await s.api.api(.POST, "\(base)/campaigns", json: """
                {"name":"Весна 2026","theme":"Новая коллекция","colour":"#FF8800","starts_on":"2026-03-01","ends_on":"2026-03-31",
                 "default_hashtags":"весна #скидки","utm_source":"{platform}","utm_campaign":"spring"}
                """)
            #expect(created.status == .created)
            #expect(created.json["colour"] as? String == "#ff8800")
            #expect(created.json["default_hashtags"] as? String == "#весна #скидки")
            let id = try #require(created.json["id"] as? String)

            let post = try await s.api.api(.POST, "\(base)/posts", json: #"{"text":"Весна!","campaign_id":"\#(id)"}"#)
            #expect(post.json["campaign_id"] as? String == id)
            let postID = try #require(post.json["id"] as? String)
            let shown = try await s.api.api(.GET, "\(base)/campaigns/\(id)")
            #expect((shown.json["posts"] as? [[String: Any]])?.count == 1)

            let untouched = try await s.api.api(.PATCH, "\(base)/posts/\(postID)", json: #"{"text":"Весна!!"}"#)
            #expect(untouched.json["campaign_id"] as? String == id, "absent key: unchanged")
            let cleared = try await s.api.api(.PATCH, "\(base)/posts/\(postID)", json: #"{"campaign_id":null}"#)
            #expect(cleared.json["campaign_id"] == nil || cleared.json["campaign_id"] is NSNull)

            _ = try await s.api.api(.PATCH, "\(base)/posts/\(postID)", json: #"{"campaign_id":"\#(id)"}"#)
            #expect(try await s.api.api(.DELETE, "\(base)/campaigns/\(id)").status == .noContent)
            let orphan = try #require(try await Post.find(UUID(uuidString: postID), on: app.db))
            #expect(orphan.campaignID == nil)

            let backwards = try await s.api.api(.POST, "\(base)/campaigns",
                                                json: #"{"name":"X","starts_on":"2026-03-31","ends_on":"2026-03-01"}"#)
            #expect(backwards.apiError?.field == "ends_on")
            let colour = try await s.api.api(.POST, "\(base)/campaigns", json: #"{"name":"X","colour":"orange"}"#)
            #expect(colour.apiError?.field == "colour")
            let foreign = try await s.api.api(.POST, "\(base)/posts", json: #"{"text":"x","campaign_id":"\#(UUID())"}"#)
            #expect(foreign.apiError?.field == "campaign_id")
            #expect(try await Campaign.query(on: app.db).count() == 0)
        }
    }

    @Test("web: create from the form, compose into it, its page lists the post")
    func web() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let bad = try await owner.post("/w/\(w)/campaigns", form: ["name": "Весна", "colour": "#12345", "starts_on": "", "ends_on": ""])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("is not a colour"))
            let made = try await owner.post("/w/\(w)/campaigns", form: ["name": "Весна", "colour": "#123456", "theme": "Цветы"])
            let location = try #require(made.location)
            let id = try #require(location.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            let compose = try await owner.get("/w/\(w)/compose?campaign=\(id)")
            #expect(compose.text.contains("<option value=\"\(id)\" selected>Весна</option>"))
            try await owner.postForm("/w/\(w)/compose", [("text", "Первые тюльпаны"), ("campaign_id", id)])
            let page = try await owner.get("/w/\(w)/campaigns/\(id)")
            #expect(page.text.contains("Первые тюльпаны"))
            let list = try await owner.get("/w/\(w)/campaigns")
            #expect(list.text.contains("fill=\"#123456\""))
        }
    }
}
