import Foundation
import HeraldApp
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
