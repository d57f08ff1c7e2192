import HeraldApp
import Fluent
import HeraldStore
import HeraldTestSupport
import HeraldCore
import HeraldConnectors
import Testing
import Vapor

@Suite("Posts with per-channel variants and checks")
struct PostVariantTests {
    struct Setup {
        let api: TestBrowser
        let workspace: UUID
        let bluesky: UUID
        let instagram: UUID
        let vk: UUID
    }

    static func setup(_ app: Application) async throws -> Setup {
        let owner = try TestBrowser(app: app)
        let workspace = try await Fixtures.setUpOwner(owner)
        let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
        // Platforms without a connector yet: written straight to the database (their rules are what is tested).
        func channel(_ platform: Platform, _ name: String) async throws -> UUID {
            try await Fixtures.channel(app, workspace: workspace, platform: platform, name: name)
        }
        return Setup(api: api, workspace: workspace, bluesky: try await channel(.bluesky, "Bluesky"),
                     instagram: try await channel(.instagram, "Instagram"), vk: try await channel(.vk, "VK group"))
    }

    func checks(_ response: BrowserResponse) -> [String: [String: Any]] {
        let targets = (response.json["targets"] as? [[String: Any]])?.compactMap { $0["check"] as? [String: Any] }
            ?? (response.json["items"] as? [[String: Any]]) ?? []
        return Dictionary(uniqueKeysWithValues: targets.map { ($0["platform"] as! String, $0) })
    }

    func codes(_ check: [String: Any]?) -> [String] {
        // Platforms without a connector are flagged on every check; these tests are about their rules.
        (check?["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }.filter { $0 != "no_connector" }
    }

    @Test("one post, three channels, one variant: each channel checked by its own rules")
    func variants() async throws {
        try await withHerald { app in
            let s = try await Self.setup(app)
            let long = String(repeating: "ж", count: 317)
            let response = try await s.api.api(.POST, "/api/v1/workspaces/\(s.workspace)/posts", json: """
                {"text":"\(long)","channels":["\(s.bluesky)","\(s.instagram)","\(s.vk)"],
                 "variants":[{"channel_id":"\(s.bluesky)","text":"Коротко для Bluesky #весна"}]}
                """)
            #expect(response.status == .created)
            let byPlatform = checks(response)
            #expect(byPlatform.keys.sorted() == ["bluesky", "instagram", "vk"])
            #expect(byPlatform["bluesky"]?["publishable"] as? Bool == true, "the variant is short")
            #expect(byPlatform["bluesky"]?["final_text"] as? String == "Коротко для Bluesky #весна")
            #expect(codes(byPlatform["instagram"]) == ["media_required"])
            #expect((byPlatform["instagram"]?["findings"] as? [[String: Any]])?.first?["message"] as? String
                    == "Instagram: needs at least one image or video.")
            #expect(byPlatform["vk"]?["publishable"] as? Bool == true)
            #expect(try await PostTarget.query(on: app.db).count() == 3)

            // The check endpoint says the same without saving, in Russian when asked.
            s.api.acceptLanguage = "ru"
            let check = try await s.api.api(.POST, "/api/v1/workspaces/\(s.workspace)/posts/check",
                                            json: #"{"text":"\#(long)","channels":["\#(s.bluesky)"]}"#)
            #expect(check.status == .ok)
            let bluesky = checks(check)["bluesky"]
            #expect(bluesky?["length"] as? Int == 317 && bluesky?["limit"] as? Int == 300)
            #expect((bluesky?["findings"] as? [[String: Any]])?.first?["message"] as? String
                    == "Bluesky: на 17 симв. больше лимита в 300.")
            #expect(try await Post.query(on: app.db).count() == 1)
        }
    }

    @Test("ads: label placed and counted; missing token blocks; is_ad false removes it")
    func ads() async throws {
        try await withHerald { app in
            let s = try await Self.setup(app)
            let created = try await s.api.api(.POST, "/api/v1/workspaces/\(s.workspace)/posts", json: """
                {"text":"Весенняя коллекция","channels":["\(s.vk)","\(s.bluesky)"],"ad":{"advertiser":"ООО «Ромашка»"}}
                """)
            #expect(created.status == .created)
            let before = checks(created)
            #expect(codes(before["vk"]) == ["ad_token_required"])
            #expect(before["vk"]?["publishable"] as? Bool == false)
            let id = try #require(created.json["id"] as? String)

            let fixed = try await s.api.api(.PATCH, "/api/v1/workspaces/\(s.workspace)/posts/\(id)",
                                            json: #"{"ad":{"advertiser":"ООО «Ромашка»","token":"2VtzqvXYZ"}}"#)
            let after = checks(fixed)
            #expect(after["vk"]?["final_text"] as? String == "Весенняя коллекция\n\nРеклама. ООО «Ромашка». erid: 2VtzqvXYZ")
            #expect((after["bluesky"]?["final_text"] as? String)?.hasPrefix("Реклама.") == true)
            #expect(after["vk"]?["publishable"] as? Bool == true)

            let plain = try await s.api.api(.PATCH, "/api/v1/workspaces/\(s.workspace)/posts/\(id)", json: #"{"is_ad":false}"#)
            #expect(plain.json["ad"] == nil || plain.json["ad"] is NSNull)
            #expect(checks(plain)["vk"]?["final_text"] as? String == "Весенняя коллекция")
        }
    }

    @Test("bad targets are refused by field and nothing is written")
    func badTargets() async throws {
        try await withHerald { app in
            let s = try await Self.setup(app)
            let base = "/api/v1/workspaces/\(s.workspace)/posts"
            let foreign = try await s.api.api(.POST, base, json: #"{"text":"x","channels":["\#(UUID())"]}"#)
            #expect(foreign.status == .unprocessableEntity)
            #expect(foreign.apiError?.field == "channels[0]")
            let twice = try await s.api.api(.POST, base, json: #"{"text":"x","channels":["\#(s.vk)","\#(s.vk)"]}"#)
            #expect(twice.apiError?.field == "channels[1]")
            let orphan = try await s.api.api(.POST, base, json: """
                {"text":"x","channels":["\(s.vk)"],"variants":[{"channel_id":"\(s.bluesky)","text":"y"}]}
                """)
            #expect(orphan.apiError?.field == "variants[0].channel_id")
            let typo = try await s.api.api(.POST, base, json: """
                {"text":"x","channels":["\(s.vk)"],"variants":[{"channel_id":"\(s.vk)","txt":"y"}]}
                """)
            #expect(typo.apiError?.code == "unknown_field")
            #expect(typo.apiError?.field == "variants[0].txt")
            let badID = try await s.api.api(.POST, base, json: #"{"text":"x","channels":["not-a-uuid"]}"#)
            #expect(badID.status == .unprocessableEntity)
            #expect(badID.apiError?.field == "channels[0]")
            #expect(try await Post.query(on: app.db).count() == 0)
            #expect(try await PostTarget.query(on: app.db).count() == 0)
        }
    }

    @Test("another workspace's channel cannot be targeted")
    func tenancy() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let response = try await agency.ownerAPI.api(.POST, "/api/v1/workspaces/\(agency.workspaceA)/posts",
                                                         json: #"{"text":"x","channels":["\#(agency.channelB)"]}"#)
            #expect(response.status == .unprocessableEntity)
            #expect(response.apiError?.field == "channels[0]")
            let check = try await agency.ownerAPI.api(.POST, "/api/v1/workspaces/\(agency.workspaceA)/posts/check",
                                                      json: #"{"text":"x","channels":["\#(agency.channelB)"]}"#)
            #expect((check.json["items"] as? [Any])?.isEmpty == true, "B's channel is invisible from A")
        }
    }
}
