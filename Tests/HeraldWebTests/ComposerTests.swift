import HeraldApp
import Fluent
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

@Suite("Composer and brand voice in the web UI and API")
struct ComposerTests {
    @Test("compose for several channels with a variant; checks shown; the post page edits it")
    func compose() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let owner = try TestBrowser(app: app)
            try await Fixtures.signIn(owner, email: Fixtures.ownerEmail)
            let w = s.workspace
            let page = try await owner.get("/w/\(w)/compose")
            #expect(page.text.contains("name=\"channels[]\" value=\"\(s.bluesky.uuidString)\""))
            #expect(page.text.contains("/assets/composer.js"))

            // No-JavaScript check: the same page, with the panel filled, nothing saved.
            let long = String(repeating: "ж", count: 317)
            let checked = try await owner.postForm("/w/\(w)/compose", [
                ("text", long), ("channels[]", s.bluesky.uuidString), ("channels[]", s.vk.uuidString), ("action", "check"),
            ])
            #expect(checked.status == .ok)
            #expect(checked.text.contains("Bluesky: 17 characters over the 300 limit."))
            #expect(checked.text.contains("317 / 300"))
            #expect(try await Post.query(on: app.db).count() == 0)

            let saved = try await owner.postForm("/w/\(w)/compose", [
                ("text", long), ("channels[]", s.bluesky.uuidString), ("channels[]", s.vk.uuidString),
                ("variant_text_\(s.bluesky.uuidString)", "Коротко для Bluesky"),
                ("is_ad", "1"), ("ad_advertiser", "ООО «Ромашка»"), ("ad_token", "2VtzqvXYZ"),
            ])
            #expect(saved.status == .seeOther)
            let location = try #require(saved.location)
            #expect(location.contains("/posts/") && location.hasSuffix("?done=postSaved"))
            let post = try #require(try await Post.query(on: app.db).first())
            #expect(post.isAd && post.adToken == "2VtzqvXYZ")
            let targets = try await PostTarget.query(on: app.db).all()
            #expect(targets.count == 2)
            #expect(targets.first { $0.$channel.id == s.bluesky }?.text == "Коротко для Bluesky")
            #expect(targets.first { $0.$channel.id == s.vk }?.text == nil)

            let edit = try await owner.get(location)
            #expect(edit.text.contains("Draft saved."))
            #expect(edit.text.contains("Коротко для Bluesky"))
            #expect(edit.text.contains("Ready to publish."), "both channels pass with the variant and a complete ad label")

            // Untick the ad: saved as an ordinary post.
            let updated = try await owner.postForm(String(location.split(separator: "?")[0]), [
                ("text", "Новый текст"), ("channels[]", s.vk.uuidString),
            ])
            #expect(updated.status == .seeOther)
            try await post.$targets.load(on: app.db)
            let reloaded = try #require(try await Post.find(post.id, on: app.db))
            #expect(!reloaded.isAd && reloaded.text == "Новый текст")
            #expect(try await PostTarget.query(on: app.db).count() == 1)
        }
    }

    @Test("the live check fragment needs the CSRF header and renders the panel")
    func liveCheck() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let owner = try TestBrowser(app: app)
            try await Fixtures.signIn(owner, email: Fixtures.ownerEmail)
            let path = "/w/\(s.workspace)/compose/check"
            let body = "text=\(String(repeating: "a", count: 2300))&channels%5B%5D=\(s.instagram.uuidString)"
            let refused = try await owner.send(.POST, path, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                               body: ByteBuffer(string: body))
            #expect(refused.status == .forbidden)
            let fragment = try await owner.send(.POST, path, headers: [
                "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": owner.csrfToken ?? "",
            ], body: ByteBuffer(string: body))
            #expect(fragment.status == .ok)
            #expect(fragment.text.hasPrefix("<h2>"))
            #expect(fragment.text.contains("Instagram: needs at least one image or video."))
            #expect(fragment.text.contains("Instagram: 100 characters over the 2200 limit."))
            #expect(!fragment.text.contains("<html"))
            let script = try await owner.get("/assets/composer.js")
            #expect(script.headers.contentType?.description.contains("javascript") == true)
        }
    }

    @Test("brand voice: saved from the settings form, applied to checks, same document in the API")
    func voice() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let owner = try TestBrowser(app: app)
            try await Fixtures.signIn(owner, email: Fixtures.ownerEmail)
            let w = s.workspace
            let bad = try await owner.post("/w/\(w)/settings/voice", form: ["banned_terms": "ok -> fine\n!", "max_emoji": "2"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Line 2:"))
            #expect(bad.text.contains("ok -&gt; fine"), "what was typed is kept")

            let saved = try await owner.post("/w/\(w)/settings/voice", form: [
                "banned_terms": "дёшево -> выгодно\n!конкурент*", "required_hashtags": "#acme", "required_hashtags_severity": "block",
                "max_emoji": "1", "max_emoji_severity": "warning", "ad_label_template": "Реклама: {advertiser}, erid {token}",
            ])
            #expect(saved.location == "/w/\(w)/settings/voice?done=voiceSaved")

            let check = try await s.api.api(.POST, "/api/v1/workspaces/\(w)/posts/check", json: """
                {"text":"Дёшево, как у конкурентов 🎉🎉","channels":["\(s.vk)"],"ad":{"advertiser":"ООО","token":"abc123"}}
                """)
            let item = try #require((check.json["items"] as? [[String: Any]])?.first)
            let findings = item["findings"] as? [[String: Any]] ?? []
            #expect(findings.compactMap { $0["code"] as? String }.filter { $0 != "no_connector" }.sorted()
                    == ["banned_term", "banned_term", "max_emoji", "required_hashtags"])
            #expect(item["publishable"] as? Bool == false, "the competitor mention and missing #acme block")
            #expect((item["final_text"] as? String)?.hasSuffix("Реклама: ООО, erid abc123") == true)

            let voice = try await s.api.api(.GET, "/api/v1/workspaces/\(w)/voice")
            #expect((voice.json["banned_terms"] as? [[String: Any]])?.count == 2)
            #expect(voice.json["ad_label_template"] as? String == "Реклама: {advertiser}, erid {token}")
            let put = try await s.api.api(.PUT, "/api/v1/workspaces/\(w)/voice",
                                          json: #"{"ad_label_template":"no placeholders","banned_terms":[]}"#)
            #expect(put.status == .unprocessableEntity)
            #expect(put.apiError?.field == "ad_label_template")
            let typo = try await s.api.api(.PUT, "/api/v1/workspaces/\(w)/voice", json: #"{"max_emoji":{"max":3}}"#)
            #expect(typo.apiError?.field == "max_emoji.max")
            let cleared = try await s.api.api(.PUT, "/api/v1/workspaces/\(w)/voice", json: "{}")
            #expect(cleared.status == .ok)
            #expect((cleared.json["banned_terms"] as? [Any])?.isEmpty == true)
        }
    }
}
