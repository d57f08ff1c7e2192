import Foundation
import HeraldApp
import HeraldCore
import HeraldConnectors
import HeraldEmulators
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

/// Issue 9, point 6: a channel is checked with its platform when it is connected, and platforms
/// Herald cannot publish to are not offered.
@Suite("Channels that work")
struct ChannelConnectTests {
    @Test("connecting asks the platform: a wrong token, an unreachable server and a platform without a connector are refused by field")
    func connect() async throws {
        let emulator = MastodonEmulator(token: "right-token")
        try await emulator.start()
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let base = "/api/v1/workspaces/\(w)/channels"
            func connect(_ json: String) async throws -> BrowserResponse { try await api.api(.POST, base, json: json) }
            // MUT and validate, one refusal at a time
            let wrong = try await connect(#"{"platform":"mastodon","name":"M","access_token":"stolen","instance_url":"\#(emulator.baseURL)"}"#)
            #expect(wrong.status == .unprocessableEntity && wrong.apiError?.code == "credential_refused" && wrong.apiError?.field == "access_token")
            #expect(wrong.apiError?.message == "Mastodon did not accept this access token; check it and try again. “The access token is invalid”")
            let nowhere = try await connect(#"{"platform":"mastodon","name":"M","access_token":"t","instance_url":"http://127.0.0.1:1"}"#)
            #expect(nowhere.status == .unprocessableEntity && nowhere.apiError?.code == "platform_unreachable"
                    && nowhere.apiError?.field == "instance_url")
            let x = try await connect(#"{"platform":"x","name":"X","access_token":"t"}"#)
            #expect(x.status == .unprocessableEntity && x.apiError?.code == "no_connector" && x.apiError?.field == "platform")
            #expect(try await SocialChannel.query(on: app.db).count() == 0, "nothing stored")
            let right = try await connect(#"{"platform":"mastodon","name":"M","access_token":"right-token","instance_url":"\#(emulator.baseURL)"}"#)
            #expect(right.status == .created)
            let sandbox = try await connect(#"{"platform":"sandbox","name":"Play"}"#)
            #expect(sandbox.status == .created, "a Sandbox account needs no token: \(sandbox.text)")
        }
        await emulator.stop()
    }

    @Test("the channels page offers what Herald can publish to and names what is coming; an old channel without a connector says so")
    func offered() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            _ = try await Fixtures.channel(app, workspace: w, platform: .x, name: "Old X")
            let page = try await owner.get("/w/\(w)/settings/channels")
            for platform in ["sandbox", "mastodon", "bluesky", "telegram", "vk"] {
                #expect(page.text.contains("href=\"/w/\(w)/settings/channels/connect/\(platform)\""), "\(platform)")
            }
            #expect(!page.text.contains("/connect/x\""))
            let sandbox = try await owner.get("/w/\(w)/settings/channels/connect/sandbox")
            #expect(sandbox.text.contains("name=\"name\"") && !sandbox.text.contains("name=\"access_token\""), "the Sandbox asks for a name only")
            let mastodon = try await owner.get("/w/\(w)/settings/channels/connect/mastodon")
            #expect(mastodon.text.contains("name=\"instance_url\"") && !mastodon.text.contains("name=\"chat\""))
            #expect(page.text.contains("Coming: ") && page.text.contains("Instagram"))
            #expect(page.text.contains("cannot publish yet (no connector)"))
        }
    }
}

/// Issue 11, point 8: "Check connection" asks the platform now and says what Herald can do with
/// the account, naming what the platform does not give instead of showing zero.
@Suite("Check connection")
struct ChannelCheckTests {
    @Test("API and page: who the account is, capabilities, numbers given and not available; a revoked token is said plainly")
    func check() async throws {
        let emulator = MastodonEmulator(token: "right-token")
        try await emulator.start()
        emulator.setFollowers(321)
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let base = "/api/v1/workspaces/\(w)/channels"
            let mastodon = try await Agency.create(api, base, #"{"platform":"mastodon","name":"Fedi","access_token":"right-token","instance_url":"\#(emulator.baseURL)"}"#)
            let checked = try await api.api(.POST, "\(base)/\(mastodon)/check")
            #expect(checked.status == .ok, "\(checked.text)")
            #expect(checked.json["account"] as? String == "@herald@127.0.0.1")
            let capabilities = checked.json["capabilities"] as? [String: Bool]
            #expect(capabilities == ["publishing": true, "first_comment": true, "editing": true, "deleting": true, "pinning": false, "conversations": true, "insights": true])
            #expect(checked.json["not_available"] as? [String] == ["quotes", "views", "reach", "clicks", "saves"])
            #expect((checked.json["totals"] as? [String: Int])?["followers"] == 321)

            let page = try await owner.post("/w/\(w)/settings/channels/\(mastodon)/check")
            #expect(page.status == .ok)
            #expect(page.text.contains("Connection check: Fedi") && page.text.contains("Connected as @herald@127.0.0.1."))
            #expect(page.text.contains("Pinning posts: not available on Mastodon"))
            #expect(page.text.contains("Not available on Mastodon: quotes, views, reach, clicks, saves."))
            #expect(page.text.contains("The account now: followers 321"))
            _ = try await owner.post("/account", form: ["name": "Olga Owner", "language": "ru"])
            let russian = try await owner.post("/w/\(w)/settings/channels/\(mastodon)/check")
            #expect(russian.text.contains("Подключено как @herald@127.0.0.1.") && russian.text.contains("Недоступно в Mastodon: цитаты, просмотры"))

            // The token is revoked on the server's side: the check says so, by field, and changes nothing.
            let revoked = try await Fixtures.channel(app, workspace: w, platform: .mastodon, name: "Old",
                                                     credential: ChannelCredential(accessToken: "revoked", instanceURL: emulator.baseURL))
            let refused = try await api.api(.POST, "\(base)/\(revoked)/check")
            #expect(refused.status == .unprocessableEntity && refused.apiError?.code == "credential_refused")
            #expect(refused.apiError?.message == "Mastodon больше не принимает учётные данные канала; переподключите его. “The access token is invalid”",
                    "in the owner's language, with the server's own words")
            let sandbox = try await Agency.create(api, base, #"{"platform":"sandbox","name":"Play"}"#)
            let play = try await api.api(.POST, "\(base)/\(sandbox)/check")
            #expect(play.json["not_available"] as? [String] == ["quotes", "views", "reach", "saves"])
            #expect((play.json["totals"] as? [String: Int])?["followers"] == 0)
        }
        await emulator.stop()
    }
}
