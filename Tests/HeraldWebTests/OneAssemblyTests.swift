import FluentKit
import Foundation
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldEmulators
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

/// Issue 9, point 4: what the composer previews is what is sent — one assembly (`Outgoing`)
/// behind the check endpoint, the post's API detail, its preview and the request the platform
/// receives.
@Suite("One assembly of what is sent")
struct OneAssemblyTests {
    @Test("campaign UTM, an ad label and a variant: the same text in the check, the detail, the preview and at the server")
    func sameEverywhere() async throws {
        let emulator = MastodonEmulator()
        try await emulator.start()
        try await withHerald { app in
            // setup
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let base = "/api/v1/workspaces/\(w)"
            let channel = try await Self.mastodonChannel(app, workspace: w, emulator: emulator)
            let campaign = try await Agency.create(api, "\(base)/campaigns", """
                {"name":"Осень","utm_source":"{platform}","utm_medium":"social","utm_campaign":"autumn"}
                """)
            let draft = """
                {"text":"Общий текст","channels":["\(channel)"],"campaign_id":"\(campaign)",
                 "ad":{"advertiser":"ООО Зерно","token":"abc123xyz"},
                 "variants":[{"channel_id":"\(channel)","text":"Новый сорт: https://shop.example/coffee #кофе",
                              "options":{"spoiler_text":"реклама"}}]}
                """
            // MUT: the live check, the saved post's detail, its page, and the publication
            let check = try await api.api(.POST, "\(base)/posts/check", json: draft)
            let checked = try #require((check.json["items"] as? [[String: Any]])?.first?["final_text"] as? String)
            let created = try await api.api(.POST, "\(base)/posts", json: draft)
            let post = try #require(created.json["id"] as? String)
            let detail = (created.json["targets"] as? [[String: Any]])?.first?["check"] as? [String: Any]
            let page = try await owner.get("/w/\(w)/posts/\(post)")
            let scheduled = try await api.api(.POST, "\(base)/posts/\(post)/schedule",
                                              json: #"{"date":"2031-05-04","time":"10:00","time_zone":"Europe/Moscow"}"#)
            #expect(scheduled.status == .ok, "\(scheduled.text)")
            let due = try #require(try await Post.find(UUID(uuidString: post), on: app.db)?.scheduledAt)
            try await Scheduler.tick(now: due, on: app.db)
            try await app.runtime.makeWorker(database: app.runtime.database).publisher.runOnce(now: due, on: app.db)
            // validate
            #expect(checked.contains("utm_source=mastodon") && checked.contains("utm_campaign=autumn"), "\(checked)")
            #expect(checked.contains("ООО Зерно") && checked.contains("abc123xyz"), "the ad label is placed: \(checked)")
            #expect(detail?["final_text"] as? String == checked)
            let preview = try #require(page.text.components(separatedBy: "class=\"preview preview-mastodon\"").dropFirst().first)
            #expect(preview.contains("utm_campaign=autumn") && preview.contains("ООО Зерно") && preview.contains("abc123xyz"),
                    "the preview shows the tagged, labelled text")
            #expect(emulator.posted.map(\.text) == [checked], "the server received exactly the checked text")
            // Mastodon counts the content warning: length = text + "реклама".
            let length = try #require(detail?["length"] as? Int)
            #expect(length == TextMeasure.mastodon(checked, urlLength: 23) + "реклама".count)
        }
        await emulator.stop()
    }

    @Test("a link or a first comment a platform cannot take blocks the post in the composer, never silently dropped")
    func refusedFields() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let channel = try await Self.mastodonChannel(app, workspace: w, emulator: nil)
            let check = try await api.api(.POST, "/api/v1/workspaces/\(w)/posts/check", json: """
                {"text":"Текст","channels":["\(channel)"],
                 "variants":[{"channel_id":"\(channel)","link":"https://shop.example","first_comment":"\(String(repeating: "я", count: 501))"}]}
                """)
            let item = try #require((check.json["items"] as? [[String: Any]])?.first)
            let codes = (item["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(codes.contains("link_unsupported") && codes.contains("first_comment_too_long"), "\(codes)")
            #expect(item["publishable"] as? Bool == false)
        }
    }

    static func mastodonChannel(_ app: Application, workspace: UUID, emulator: MastodonEmulator?) async throws -> UUID {
        let id = UUID()
        let credential = ChannelCredential(accessToken: emulator?.token ?? "t", instanceURL: emulator?.baseURL ?? "https://mastodon.example")
        let sealed = try app.secretBox.seal(Data(credential.encoded.utf8),
                                            context: SocialChannel.credentialContext(workspaceID: workspace, channelID: id))
        let channel = SocialChannel(id: id, workspaceID: workspace, platform: .mastodon, name: "Fedi", sealedCredentials: sealed)
        channel.budgetCount = SocialChannel.unlimitedBudget
        try await channel.create(on: app.db)
        return id
    }
}
