import Foundation
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

/// Issue 10, the lower-severity vectors of the review, each a test that failed before its fix.
@Suite("Hardening: strict input")
struct HardeningTests {
    @Test("?dry_run=yes is refused by name, never taken as a real import")
    func strictFlags() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            _ = try await Agency.create(api, "/api/v1/workspaces/\(w)/channels", #"{"platform":"sandbox","name":"S"}"#)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "text/csv")
            for flag in ["dry_run=yes", "dry_run=1", "only_valid=on"] {
                let response = try await api.send(.POST, "/api/v1/workspaces/\(w)/imports?\(flag)",
                                                  headers: headers.adding(bearer: api.bearerToken),
                                                  body: ByteBuffer(string: "date,time,channels,text\n2031-01-01,09:00,S,Hi\n"), useCookies: false)
                #expect(response.status == .unprocessableEntity && response.apiError?.code == "invalid_flag", "\(flag)")
                #expect(response.apiError?.field == String(flag.split(separator: "=")[0]))
            }
            #expect(try await Post.query(on: app.db).count() == 0, "nothing imported")
        }
    }

    @Test("NUL characters are refused by field, in JSON bodies and in forms; nothing is written")
    func nulBytes() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let channel = try await Agency.create(api, "/api/v1/workspaces/\(w)/channels", #"{"platform":"sandbox","name":"S"}"#)
            let json = try await api.api(.POST, "/api/v1/workspaces/\(w)/posts", json: #"{"text":"a\u0000b","channels":["\#(channel)"]}"#)
            #expect(json.status == .unprocessableEntity && json.apiError?.code == "nul_character" && json.apiError?.field == "text")
            let variant = try await api.api(.POST, "/api/v1/workspaces/\(w)/posts", json: """
                {"text":"ok","channels":["\(channel)"],"variants":[{"channel_id":"\(channel)","first_comment":"x\\u0000"}]}
                """)
            #expect(variant.apiError?.field == "variants[0].first_comment")
            let form = try await owner.post("/w/\(w)/compose", form: ["text": "a\u{0}b", "channels[]": channel.uuidString])
            #expect(form.status == .unprocessableEntity)
            #expect(try await Post.query(on: app.db).count() == 0)
        }
    }

    @Test("posting slots are bounded: one an hour every day at most")
    func slotCount() throws {
        let all = (0..<170).map { "Mon \(String(format: "%02d", $0 % 24)):\(String(format: "%02d", $0 / 24))" }.joined(separator: ", ")
        #expect(throws: ValidationError.self) { try WeeklySlot.parseList(all) }
        #expect((try? WeeklySlot.parseList("Mon 09:00, Wed 18:30"))?.count == 2)
    }
}

@Suite("Hardening: outbound requests only where they belong")
struct OutboundTests {
    @Test("webhook and instance URLs at loopback, link-local or private addresses are refused by field; nothing is sent")
    func refused() async throws {
        try await withHerald({ $0.allowPrivateURLs = [] }) { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            for url in ["http://169.254.169.254/latest/meta-data", "http://localhost:22/", "http://[::1]:8201/", "http://10.0.0.7/hook"] {
                let hook = try await api.api(.PUT, "/api/v1/workspaces/\(w)/webhook", json: #"{"url":"\#(url)"}"#)
                #expect(hook.status == .unprocessableEntity && hook.apiError?.code == "private_address" && hook.apiError?.field == "url",
                        "\(url): \(hook.text)")
                let channel = try await api.api(.POST, "/api/v1/workspaces/\(w)/channels",
                                                json: #"{"platform":"mastodon","name":"M","access_token":"t","instance_url":"\#(url)"}"#)
                #expect(channel.apiError?.code == "private_address" && channel.apiError?.field == "instance_url", "\(url): \(channel.text)")
            }
            #expect(try await SocialChannel.query(on: app.db).count() == 0)
        }
    }

    @Test("a token is never sent to a private address at publish time either (the name may have changed since)")
    func atSendTime() async throws {
        try await withHerald({ $0.allowPrivateURLs = [] }) { app in
            let mastodon = app.runtime.connectors.mastodon
            await #expect(throws: PlatformError.rejected(message: "127.0.0.1 is a private or local address")) {
                try await mastodon.verify(ChannelCredential(accessToken: "secret", instanceURL: "http://127.0.0.1:9"))
            }
            let request = PublishRequest(text: "x", idempotencyKey: "k")
            let credential = ChannelCredential(accessToken: "secret", instanceURL: "http://169.254.169.254").encoded
            await #expect(throws: PlatformError.rejected(message: "169.254.169.254 is a private or local address")) {
                try await mastodon.publish(request, credential: credential)
            }
        }
    }
}
