import HeraldApp
import Fluent
import HeraldStore
import HeraldTestSupport
import HeraldCore
import HeraldConnectors
import Testing
import Vapor

@Suite("Hashtag groups, per-channel details, campaign UTM")
struct HashtagGroupTests {
    @Test("groups via API and settings; offered as one-click inserts in the composer")
    func groups() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let base = "/api/v1/workspaces/\(s.workspace)/hashtag-groups"
            let made = try await s.api.api(.POST, base, json: #"{"name":"Весна","tags":"весна, #Скидки весна"}"#)
            #expect(made.status == .created && made.json["tags"] as? String == "#весна #Скидки")
            let bad = try await s.api.api(.POST, base, json: ##"{"name":"Bad","tags":"#ok no-way"}"##)
            #expect(bad.apiError?.field == "tags" && bad.apiError?.message == "“no-way” is not a hashtag.")
            let owner = try TestBrowser(app: app)
            try await Fixtures.signIn(owner, email: Fixtures.ownerEmail)
            let form = try await owner.post("/w/\(s.workspace)/settings/hashtags", form: ["group_name": "Бренд", "group_tags": "#acme #acmeteam"])
            #expect(form.status == .seeOther)
            let compose = try await owner.get("/w/\(s.workspace)/compose")
            #expect(compose.text.contains("data-insert=\"#весна #Скидки\""))
            #expect(compose.text.contains("data-insert=\"#acme #acmeteam\""))
            let id = try #require(made.json["id"] as? String)
            #expect(try await s.api.api(.DELETE, "\(base)/\(id)").status == .noContent)
            #expect((try await s.api.api(.GET, base).json["items"] as? [Any])?.count == 1)
        }
    }

    @Test("first comment and link per channel from the composer form; campaign UTM in the final text")
    func detailsAndUTM() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let campaign = try await Agency.create(s.api, "/api/v1/workspaces/\(s.workspace)/campaigns",
                                                   #"{"name":"Весна","utm_source":"{platform}","utm_campaign":"spring"}"#)
            let owner = try TestBrowser(app: app)
            try await Fixtures.signIn(owner, email: Fixtures.ownerEmail)
            let saved = try await owner.postForm("/w/\(s.workspace)/compose", [
                ("text", "Каталог: https://shop.example/spring"), ("channels[]", s.vk.uuidString),
                ("variant_comment_\(s.vk.uuidString)", "Цены — в комментариях"),
                ("variant_link_\(s.vk.uuidString)", "https://shop.example/spring"), ("campaign_id", campaign.uuidString),
            ])
            #expect(saved.status == .seeOther)
            let target = try #require(try await PostTarget.query(on: app.db).first())
            #expect(target.firstComment == "Цены — в комментариях" && target.link == "https://shop.example/spring")
            let post = try #require(try await Post.query(on: app.db).first())
            let detail = try await s.api.api(.GET, "/api/v1/workspaces/\(s.workspace)/posts/\(post.id!)")
            let final = ((detail.json["targets"] as? [[String: Any]])?.first?["check"] as? [String: Any])?["final_text"] as? String
            #expect(final == "Каталог: https://shop.example/spring?utm_source=vk&utm_campaign=spring")
        }
    }
}

@Suite("Platform options per channel")
struct PlatformOptionWebTests {
    @Test("API: each channel takes its platform's options; others refused by field; the composer form saves them")
    func options() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let mastodon = try await Fixtures.channel(app, workspace: s.workspace, platform: .mastodon, name: "Fedi",
                                                      credential: ChannelCredential(accessToken: "t", instanceURL: "https://mastodon.example"))
            let base = "/api/v1/workspaces/\(s.workspace)/posts"
            let ok = try await s.api.api(.POST, base, json: """
                {"text":"x","channels":["\(mastodon)"],"variants":[{"channel_id":"\(mastodon)","options":{"visibility":"unlisted","sensitive":true}}]}
                """)
            #expect(ok.status == .created)
            #expect((ok.json["targets"] as? [[String: Any]])?.first?["options"] as? [String: String]
                    == ["visibility": "unlisted", "sensitive": "true"])
            let wrong = try await s.api.api(.POST, base, json: """
                {"text":"x","channels":["\(s.vk)"],"variants":[{"channel_id":"\(s.vk)","options":{"visibility":"unlisted"}}]}
                """)
            #expect(wrong.apiError?.field == "variants[0].options.visibility")
            #expect(wrong.apiError?.message.contains("is not an option of VK") == true)

            let owner = try TestBrowser(app: app)
            try await Fixtures.signIn(owner, email: Fixtures.ownerEmail)
            let page = try await owner.get("/w/\(s.workspace)/compose")
            #expect(page.text.contains("variant_option_\(mastodon.uuidString)_visibility"))
            try await owner.postForm("/w/\(s.workspace)/compose", [
                ("text", "Из формы"), ("channels[]", s.vk.uuidString), ("variant_option_\(s.vk.uuidString)_signed", "true"),
            ])
            let target = try #require(try await PostTarget.query(on: app.db).filter(\.$channel.$id == s.vk).first())
            #expect(target.options == ["signed": "true"])
        }
    }
}
