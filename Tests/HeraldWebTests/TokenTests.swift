import HeraldApp
import Fluent
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

@Suite("Personal API tokens")
struct TokenTests {
    @Test("shown once, stored hashed, usable, revocable")
    func lifecycle() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            _ = try await Fixtures.setUpOwner(owner)
            let token = try await Fixtures.createToken(owner, name: "CI script")
            #expect(token.hasPrefix("hld_"))
            // Not shown again.
            let account = try await owner.get("/account")
            #expect(!account.text.contains(token))
            #expect(account.text.contains("CI script"))
            // Stored only as a hash.
            let stored = try await APIToken.query(on: app.db).all()
            #expect(stored.allSatisfy { $0.tokenHash != token && !$0.tokenHash.contains(token) && $0.tokenHash.count == 64 })

            let api = TestBrowser.sharing(owner, token: token)
            let me = try await api.api(.GET, "/api/v1/me")
            #expect(me.status == .ok)
            #expect(me.json["email"] as? String == Fixtures.ownerEmail)
            #expect(me.json["password_hash"] == nil)

            // A token made through the API is returned once too.
            let made = try await api.api(.POST, "/api/v1/tokens", json: #"{"name":"second"}"#)
            #expect(made.status == .created)
            let second = try #require(made.json["token"] as? String)
            let list = try await api.api(.GET, "/api/v1/tokens")
            #expect(!list.text.contains(second))
            #expect((list.json["items"] as? [[String: Any]])?.count == 3)

            // Revoke through the web page.
            let id = try #require(stored.first { $0.name == "CI script" }?.id)
            let revoke = try await owner.post("/account/tokens/\(id)/revoke")
            #expect(revoke.location == "/account?done=tokenRevoked")
            #expect(try await api.api(.GET, "/api/v1/me").status == .unauthorized)
            // Revoke the second through the API.
            let secondID = try #require(made.json["id"] as? String)
            #expect(try await api.api(.DELETE, "/api/v1/tokens/\(secondID)").status == .unauthorized, "first token is gone")
            let secondAPI = TestBrowser.sharing(owner, token: second)
            #expect(try await secondAPI.api(.DELETE, "/api/v1/tokens/\(secondID)").status == .noContent)
            #expect(try await secondAPI.api(.GET, "/api/v1/me").status == .unauthorized)
        }
    }

    @Test("session cookies do not authenticate the API (no CSRF surface)")
    func cookiesNotAccepted() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            _ = try await Fixtures.setUpOwner(owner)
            let response = try await owner.send(.GET, "/api/v1/me", headers: [:], body: nil)
            #expect(response.status == .unauthorized)
        }
    }
}
