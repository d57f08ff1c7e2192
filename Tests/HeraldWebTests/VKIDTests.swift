import FluentKit
import Foundation
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldEmulators
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

/// Issue 11, point 6: where the installation has a VK ID app, a community's editor connects it by
/// signing in (authorization code with PKCE) instead of pasting a community token; Herald posts
/// as the community and renews the hour-long token with its single-use refresh token by itself.
@Suite("VK by VK ID")
struct VKIDTests {
    /// Herald with the emulator as its VK ID app (unless `withApp` is false), an owner, a workspace and an API token.
    static func scene(withApp: Bool = true, _ body: (Application, TestBrowser, UUID, TestBrowser, VKEmulator) async throws -> Void)
        async throws
    {
        let vk = VKEmulator()
        try await vk.start()
        do {
            try await withHerald({ $0.vkID = withApp ? VKIDApp(clientID: vk.idClientID, base: vk.baseURL) : nil }) { app in
                let owner = try TestBrowser(app: app)
                let w = try await Fixtures.setUpOwner(owner)
                let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
                try await body(app, owner, w, api, vk)
            }
        } catch {
            await vk.stop()
            throw error
        }
        await vk.stop()
    }

    /// The browser at VK ID: approved (or not) at once and sent back; answers the callback's path and query.
    static func signIn(_ authorizeURL: String) async throws -> String {
        let response = try await MastodonOAuthTests.noRedirects(authorizeURL)
        let location = try #require(response.headers.first(name: "Location"))
        let back = try #require(URLComponents(string: location))
        #expect(back.path == "/oauth/vk/callback")
        return back.path + "?" + (back.percentEncodedQuery ?? "")
    }

    @Test("the connect page signs in with VK ID: PKCE and device checked, the editor's right checked, posts go out as the community; the token is renewed before it runs out")
    func connectPublishRenew() async throws {
        try await Self.scene { app, owner, w, api, vk in
            let page = try await owner.get("/w/\(w)/settings/channels/connect/vk")
            #expect(page.text.contains("Sign in with VK ID") && page.text.contains("formaction=\"/w/\(w)/settings/channels/connect/vk/oauth\""))
            let badCommunity = try await owner.post("/w/\(w)/settings/channels/connect/vk/oauth",
                                                    form: ["name": "ВК", "community": "not a community!", "service_url": vk.baseURL])
            #expect(badCommunity.status == .unprocessableEntity && badCommunity.text.contains("is not a VK community"))
            #expect(badCommunity.text.contains("value=\"not a community!\""), "what was typed is kept")

            let started = try await owner.post("/w/\(w)/settings/channels/connect/vk/oauth",
                                               form: ["name": "ВК", "community": "vk.com/herald_vk", "service_url": vk.baseURL])
            let authorize = try #require(started.location)
            #expect(authorize.hasPrefix(vk.baseURL + "/authorize?") && authorize.contains("code_challenge_method=S256")
                    && authorize.contains("client_id=\(vk.idClientID)") && authorize.contains("scope=wall%20photos%20groups"), "\(authorize)")
            let callback = try await Self.signIn(authorize)
            #expect(callback.contains("device_id="))
            let done = try await owner.get(callback)
            #expect(done.status == .seeOther && done.location == "/w/\(w)/settings/channels?done=channelAdded", "\(done.text)")
            #expect(try await owner.get(callback).text.contains("already used"), "a replay is refused")
            let channel = try #require(try await SocialChannel.query(on: app.db).first())
            let credential = ChannelCredential.parse(try channel.openCredential(with: app.secretBox))
            #expect(channel.platform == .vk && channel.state == .active && credential.account == String(vk.groupID))
            #expect(credential.refreshToken != nil && credential.deviceID != nil)
            let expiry = try #require(channel.credentialExpiresAt)
            #expect(abs(expiry.timeIntervalSinceNow - 3600) < 60, "the token lives an hour")

            let base = "/api/v1/workspaces/\(w)"
            let first = try await Agency.create(api, "\(base)/posts", #"{"text":"Через VK ID","channels":["\#(try channel.requireID())"]}"#)
            try await Fixtures.publishNow(app, post: first)
            #expect(vk.wall.map(\.text) == ["Через VK ID"])

            // An hour on: the frequent round renews it a quarter of an hour ahead, with the single-use refresh token.
            let maintenance = try #require(app.runtime.makeWorker(database: app.runtime.database).maintenance)
            #expect(try await maintenance.renewShortLived(now: Date(), on: app.db) == 0, "not yet")
            vk.expireUserTokens()
            #expect(try await maintenance.renewShortLived(now: expiry.addingTimeInterval(-600), on: app.db) == 1)
            #expect(try await maintenance.renewShortLived(now: Date(), on: app.db) == 0, "the new one lives an hour from now")
            let renewed = try #require(try await SocialChannel.find(channel.id, on: app.db))
            let fresh = ChannelCredential.parse(try renewed.openCredential(with: app.secretBox))
            #expect(fresh.accessToken != credential.accessToken && fresh.refreshToken != credential.refreshToken)
            #expect(fresh.deviceID == credential.deviceID && fresh.account == credential.account)
            let second = try await Agency.create(api, "\(base)/posts", #"{"text":"После продления","channels":["\#(try channel.requireID())"]}"#)
            try await Fixtures.publishNow(app, post: second)
            #expect(vk.wall.map(\.text) == ["Через VK ID", "После продления"])
            // The refresh token Herald keeps is the new one: the next renewal works too.
            vk.expireUserTokens()
            #expect(try await maintenance.renewShortLived(now: Date().addingTimeInterval(3000), on: app.db) == 1)
            #expect(vk.refreshes == 2)
            // Run out altogether (a worker was down): the hourly round renews it rather than asking for a reconnect.
            vk.expireUserTokens()
            let report = try await maintenance.run(now: Date().addingTimeInterval(7200), on: app.db)
            #expect(report.refreshed == 1 && report.expired == 0)
            #expect(try await SocialChannel.find(channel.id, on: app.db)?.state == .active)
            let checked = try await api.api(.POST, "\(base)/channels/\(try channel.requireID())/check")
            #expect(checked.status == .ok && checked.json["account"] as? String == vk.name, "\(checked.text)")
        }
    }

    @Test("someone who does not manage the community, a refusal on VK ID, and an installation without a VK ID app are told plainly")
    func refusals() async throws {
        try await Self.scene { app, owner, w, api, vk in
            let base = "/api/v1/workspaces/\(w)"
            vk.userAdminLevel = 1
            let started = try await api.api(.POST, "\(base)/channels/oauth",
                                            json: #"{"platform":"vk","name":"ВК","community":"herald_vk","service_url":"\#(vk.baseURL)"}"#)
            #expect(started.status == .created, "\(started.text)")
            let url = try #require(started.json["authorize_url"] as? String)
            let moderator = try await owner.get(try await Self.signIn(url))
            #expect(moderator.status == .badRequest && moderator.text.contains("not an editor or administrator of Herald ВКонтакте"), "\(moderator.text)")

            vk.userAdminLevel = 3
            vk.approves = false
            let again = try await api.api(.POST, "\(base)/channels/oauth", json: #"{"platform":"vk","name":"ВК","community":"herald_vk","service_url":"\#(vk.baseURL)"}"#)
            let againURL = try #require(again.json["authorize_url"] as? String)
            let denied = try await owner.get(try await Self.signIn(againURL))
            #expect(denied.status == .badRequest && denied.text.contains("Access was not granted on VK"), "\(denied.text)")
            let noCommunity = try await api.api(.POST, "\(base)/channels/oauth", json: #"{"platform":"vk","name":"ВК"}"#)
            #expect(noCommunity.apiError?.field == "community", "\(noCommunity.text)")
            #expect(try await SocialChannel.query(on: app.db).count() == 0)
        }
        try await Self.scene(withApp: false) { _, owner, w, api, _ in
            let page = try await owner.get("/w/\(w)/settings/channels/connect/vk")
            #expect(!page.text.contains("VK ID") && page.status == .ok, "no app, no button")
            let refused = try await api.api(.POST, "/api/v1/workspaces/\(w)/channels/oauth", json: #"{"platform":"vk","name":"ВК","community":"herald_vk"}"#)
            #expect(refused.apiError?.code == "no_oauth", "\(refused.text)")
        }
    }
}
