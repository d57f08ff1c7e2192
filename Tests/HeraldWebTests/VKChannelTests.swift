import FluentKit
import Foundation
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldEmulators
import HeraldFixtures
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

/// Issue 11, point 6: a manager connects a VK community with its community token (API and the
/// connect page, English and Russian) and publishes an image with a first comment through the
/// worker; a token without the photos right is named; numbers come back through Insights.
@Suite("VK communities, end to end")
struct VKChannelTests {
    @Test("connect by API: each refusal on its field, nothing stored; an image post and its first comment go out; members are read")
    func connectAndPublish() async throws {
        let vk = VKEmulator()
        try await vk.start()
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let base = "/api/v1/workspaces/\(w)"
            func connect(token: String = vk.token, community: String) async throws -> BrowserResponse {
                try await api.api(.POST, "\(base)/channels", json: """
                    {"platform":"vk","name":"ВК","access_token":"\(token)","community":"\(community)","service_url":"\(vk.baseURL)"}
                    """)
            }
            let wrongToken = try await connect(token: "stolen", community: "herald_vk")
            #expect(wrongToken.apiError?.field == "access_token" && wrongToken.apiError?.code == "credential_refused", "\(wrongToken.text)")
            let badCommunity = try await connect(community: "my community!")
            #expect(badCommunity.apiError?.field == "community" && badCommunity.apiError?.code == "invalid_community")
            let someoneElse = try await connect(community: "someone_else")
            #expect(someoneElse.apiError?.field == "community")
            vk.rights = ["wall", "manage"]
            let noPhotos = try await connect(community: "herald_vk")
            #expect(noPhotos.apiError?.field == "access_token" && noPhotos.apiError?.message.contains("lacks the rights photos") == true,
                    "\(noPhotos.text)")
            #expect(try await SocialChannel.query(on: app.db).count() == 0, "nothing stored")
            vk.rights = ["wall", "photos", "manage", "messages"]

            let channel = try await Agency.create(api, "\(base)/channels", """
                {"platform":"vk","name":"ВК","access_token":"\(vk.token)","community":"https://vk.com/herald_vk","service_url":"\(vk.baseURL)"}
                """)
            let listed = try await api.api(.GET, "\(base)/channels")
            #expect(!listed.text.contains(vk.token))
            let image = try #require(try await api.upload("\(base)/media", file: MediaFixtures.png(800, 600), fileName: "menu.png")
                .json["id"] as? String)
            let post = try await Agency.create(api, "\(base)/posts", """
                {"text":"Новое меню 🍂","channels":["\(channel)"],"media":["\(image)"],
                 "variants":[{"channel_id":"\(channel)","first_comment":"Бронируйте столик: https://cafe.example","options":{"signed":true}}]}
                """)
            try await Fixtures.publishNow(app, post: post)
            let detail = try await api.api(.GET, "\(base)/posts/\(post)")
            let publication = try #require((detail.json["targets"] as? [[String: Any]])?.first?["publication"] as? [String: Any])
            #expect(publication["state"] as? String == "published", "\(detail.text)")
            let stored = try #require(vk.wall.first)
            #expect(stored.text == "Новое меню 🍂" && stored.attachments.count == 1 && stored.attachments[0].hasPrefix("photo-218000111_")
                    && stored.signed)
            #expect(publication["remote_id"] as? String == "-218000111_\(stored.id)")
            #expect((publication["first_comment"] as? [String: Any])?["state"] as? String == "published")
            #expect(vk.allComments.map(\.text) == ["Бронируйте столик: https://cafe.example"])

            let checked = try await api.api(.POST, "\(base)/channels/\(channel)/check")
            #expect(checked.json["account"] as? String == "Herald ВКонтакте", "\(checked.text)")
            #expect((checked.json["totals"] as? [String: Int])?["followers"] == 4_200)
            #expect(Set(checked.json["not_available"] as? [String] ?? []) == ["quotes", "clicks", "saves"])

            // A video is refused for VK up front (Herald sends images only there).
            let video = try #require(try await api.upload("\(base)/media", file: MediaFixtures.mp4(640, 360, seconds: 5), fileName: "clip.mp4")
                .json["id"] as? String)
            let check = try await api.api(.POST, "\(base)/posts/check", json: #"{"text":"x","channels":["\#(channel)"],"media":["\#(video)"]}"#)
            let item = try #require((check.json["items"] as? [[String: Any]])?.first)
            #expect(item["publishable"] as? Bool == false, "\(check.text)")
        }
        await vk.stop()
    }

    @Test("the connect page takes only VK's fields, in English and Russian, and keeps the community (never the token) on a refusal")
    func connectByForm() async throws {
        let vk = VKEmulator()
        try await vk.start()
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let page = try await owner.get("/w/\(w)/settings/channels/connect/vk")
            #expect(page.status == .ok && page.text.contains("Connect VK") && page.text.contains("name=\"community\"")
                    && !page.text.contains("name=\"chat\""))
            let refused = try await owner.post("/w/\(w)/settings/channels", form: [
                "platform": "vk", "name": "VK", "access_token": "stolen", "community": "herald_vk", "service_url": vk.baseURL])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("value=\"herald_vk\"") && !refused.text.contains("stolen"))
            let added = try await owner.post("/w/\(w)/settings/channels", form: [
                "platform": "vk", "name": "VK", "access_token": vk.token, "community": "herald_vk", "service_url": vk.baseURL])
            #expect(added.status == .seeOther)
            _ = try await owner.post("/account", form: ["name": "Olga Owner", "language": "ru"])
            let russian = try await owner.get("/w/\(w)/settings/channels/connect/vk")
            #expect(russian.text.contains("Ключ доступа сообщества (ВКонтакте)") && russian.text.contains("Работа с API"))
        }
        await vk.stop()
    }

    @Test("with a public address VK pushes: a Callback API server with a per-channel secret; the confirmation answered with the code; forged events refused; a replay adds nothing")
    func callbackAPI() async throws {
        let vk = VKEmulator()
        try await vk.start()
        try await withHerald({ $0.receivePush = true }) { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let channel = try await Agency.create(api, "/api/v1/workspaces/\(w)/channels", """
                {"platform":"vk","name":"ВК","access_token":"\(vk.token)","community":"herald_vk","service_url":"\(vk.baseURL)"}
                """)
            let server = try #require(vk.callbackServer)
            let path = "/hooks/vk/\(channel.uuidString.lowercased())"
            #expect(server.url.hasSuffix(path) && server.secret?.count == 32 && server.events == ["wall_reply_new", "wall_reply_delete", "message_new"])
            let sync = try #require(app.runtime.makeWorker(database: app.runtime.database).inbox)
            #expect(try await sync.sync(channelID: channel, on: app.db) == 0, "pushed, not polled")

            func deliver(_ body: String) async throws -> BrowserResponse {
                try await owner.send(.POST, path, headers: ["Content-Type": "application/json"], body: ByteBuffer(string: body), useCookies: false)
            }
            let confirmation = try await deliver(#"{"type":"confirmation","group_id":218000111}"#)
            #expect(confirmation.status == .ok && confirmation.text == vk.confirmationCode)
            #expect(try await deliver(#"{"type":"confirmation","group_id":1}"#).status == .unauthorized)
            let event = #"{"type":"wall_reply_new","event_id":"e1","v":"5.199","group_id":218000111,"secret":"\#(server.secret ?? "")","object":{"id":55,"from_id":501,"date":1764650000,"text":"Участвую!","post_id":7,"owner_id":-218000111}}"#
            let forged = event.replacingOccurrences(of: server.secret ?? "", with: "wrong")
            #expect(try await deliver(forged).status == .unauthorized)
            #expect(try await InboxItem.query(on: app.db).count() == 0)
            let ok = try await deliver(event)
            #expect(ok.status == .ok && ok.text == "ok")
            #expect(try await deliver(event).text == "ok", "VK delivers again when unsure")
            let items = try await InboxItem.query(on: app.db).all()
            #expect(items.count == 1 && items.first?.text == "Участвую!" && items.first?.postRemoteID == "-218000111_7")
            // The author deletes the comment: VK says so, and the item follows.
            let deletion = #"{"type":"wall_reply_delete","event_id":"e2","v":"5.199","group_id":218000111,"secret":"\#(server.secret ?? "")","object":{"owner_id":-218000111,"id":55,"deleter_id":501,"post_id":7}}"#
            #expect(try await deliver(deletion).text == "ok")
            let deleted = try #require(try await InboxItem.query(on: app.db).first())
            #expect(deleted.deletedAt != nil && deleted.status == .done)
            #expect(try await InboxEvent.query(on: app.db).filter(\.$kind == "deleted").count() == 1)
            #expect(try await deliver(deletion).text == "ok")
            #expect(try await InboxEvent.query(on: app.db).filter(\.$kind == "deleted").count() == 1, "once, however often VK says it")
            #expect(try await deliver("{oops").status == .unprocessableEntity)
        }
        await vk.stop()
    }
}
