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

/// Issue 11, point 4: a manager connects Bluesky with a handle and an app password (the API and
/// the channels page, English and Russian) and publishes to the real third-party PDS through the
/// worker: text with a link card and a first comment as a reply in the thread.
@Suite("Bluesky channels, end to end", .enabled(if: BlueskyPeer.url != nil,
                                               "HERALD_TEST_BLUESKY_PDS is not set (scripts/test starts the PDS)"))
struct BlueskyChannelTests {
    @Test("connect by API (refusals by field, nothing stored), then a post with a link and a first comment goes out through the worker")
    func connectAndPublish() async throws {
        let pds = try #require(BlueskyPeer.url)
        let site = StaticSite(["/spring": ("text/html", Data("<title>Весна</title>".utf8))])
        try await site.start()
        let link = site.baseURL + "/spring"
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let base = "/api/v1/workspaces/\(w)"
            func connect(_ json: String) async throws -> BrowserResponse { try await api.api(.POST, "\(base)/channels", json: json) }
            let wrong = try await connect(#"{"platform":"bluesky","name":"B","handle":"alice.test","app_password":"nope","service_url":"\#(pds)"}"#)
            #expect(wrong.status == .unprocessableEntity && wrong.apiError?.code == "credential_refused" && wrong.apiError?.field == "app_password")
            #expect(wrong.apiError?.message == "Bluesky did not accept this handle and app password; check both and try again. “Bluesky: AuthenticationRequired: Invalid identifier or password”")
            let noHandle = try await connect(#"{"platform":"bluesky","name":"B","app_password":"x"}"#)
            #expect(noHandle.apiError?.field == "handle" && noHandle.apiError?.code == "required")
            let badHandle = try await connect(#"{"platform":"bluesky","name":"B","handle":"my name","app_password":"x"}"#)
            #expect(badHandle.apiError?.field == "handle" && badHandle.apiError?.code == "invalid_handle")
            let nowhere = try await connect(#"{"platform":"bluesky","name":"B","handle":"alice.test","app_password":"x","service_url":"http://127.0.0.1:1"}"#)
            #expect(nowhere.apiError?.code == "platform_unreachable" && nowhere.apiError?.field == "service_url")
            #expect(try await SocialChannel.query(on: app.db).count() == 0, "nothing stored")

            let channel = try await Agency.create(api, "\(base)/channels", """
                {"platform":"bluesky","name":"Bluesky","handle":"alice.test","app_password":"\(BlueskyPeer.password)","service_url":"\(pds)"}
                """)
            let listed = try await api.api(.GET, "\(base)/channels")
            #expect(!listed.text.contains(BlueskyPeer.password) && listed.text.contains("bluesky"))

            let tag = UUID().uuidString.prefix(8)
            let post = try await Agency.create(api, "\(base)/posts", """
                {"text":"Весенняя распродажа #весна \(tag)","channels":["\(channel)"],
                 "variants":[{"channel_id":"\(channel)","first_comment":"Подробности: https://shop.example/spring","link":"\(link)",
                              "thread":["Часть 2 \(tag)","Часть 3 \(tag)"]}]}
                """)
            try await Fixtures.publishNow(app, post: post)
            // Part 3 is queued once part 2 is out.
            try await #require(app.runtime.makeWorker(database: app.runtime.database).steps).runOnce(on: app.db)

            let detail = try await api.api(.GET, "\(base)/posts/\(post)")
            let publication = try #require((detail.json["targets"] as? [[String: Any]])?.first?["publication"] as? [String: Any])
            #expect(publication["state"] as? String == "published", "\(detail.text)")
            let remoteID = try #require(publication["remote_id"] as? String)
            let remote = try #require(ATURI(remoteID))
            let reader = BlueskyPeer.Reader(service: pds)
            let stored = try #require(try await reader.record(remote))
            #expect(stored["text"]?.stringValue == "Весенняя распродажа #весна \(tag)")
            #expect(stored["embed"]?["external"]?["uri"] == .string(link), "the link became a card")
            #expect(stored["embed"]?["external"]?["title"] == "Весна")
            let step = publication["first_comment"] as? [String: Any]
            #expect(step?["state"] as? String == "published")
            let posts = try await reader.posts()
            let replies = posts.filter { $0["value"]?["reply"]?["parent"]?["uri"]?.stringValue == remote.description }
            #expect(Set(replies.compactMap { $0["value"]?["text"]?.stringValue }) == ["Подробности: https://shop.example/spring", "Часть 2 \(tag)"])
            // The thread: part 3 answers part 2, and both have the post as their root.
            let part2 = try #require(replies.first { $0["value"]?["text"]?.stringValue == "Часть 2 \(tag)" })
            let part3 = try #require(posts.first { $0["value"]?["text"]?.stringValue == "Часть 3 \(tag)" })
            #expect(part3["value"]?["reply"]?["parent"]?["uri"] == part2["uri"])
            #expect(part3["value"]?["reply"]?["root"]?["uri"]?.stringValue == remote.description)
            let thread = publication["thread"] as? [[String: Any]] ?? []
            #expect(thread.map { $0["state"] as? String } == ["published", "published"])
        }
        await site.stop()
    }

    @Test("the channels page connects Bluesky by form, in English and Russian, and keeps the handle (never the password) on a refusal")
    func connectByForm() async throws {
        let pds = try #require(BlueskyPeer.url)
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let page = try await owner.get("/w/\(w)/settings/channels/connect/bluesky")
            #expect(page.text.contains("App password (Bluesky)") && !page.text.contains("name=\"instance_url\""))
            let refused = try await owner.post("/w/\(w)/settings/channels", form: [
                "platform": "bluesky", "name": "Bluesky", "handle": "alice.test", "app_password": "wrong-one", "service_url": pds])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("value=\"alice.test\"") && !refused.text.contains("wrong-one"))
            #expect(refused.text.contains("Bluesky did not accept this handle and app password"))
            let added = try await owner.post("/w/\(w)/settings/channels", form: [
                "platform": "bluesky", "name": "Bluesky", "handle": "alice.test", "app_password": BlueskyPeer.password, "service_url": pds])
            #expect(added.status == .seeOther)
            let channel = try #require(try await SocialChannel.query(on: app.db).first())
            #expect(channel.platform == .bluesky && channel.name == "Bluesky")
            _ = try await owner.post("/account", form: ["name": "Olga Owner", "language": "ru"])
            let russian = try await owner.get("/w/\(w)/settings/channels/connect/bluesky")
            #expect(russian.text.contains("Пароль приложения (Bluesky)") && russian.text.contains("Хэндл (Bluesky)"))
        }
    }
}
