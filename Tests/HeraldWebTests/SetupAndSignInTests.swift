import HeraldApp
import Fluent
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

@Suite("Setup, sign-in, sessions")
struct SetupAndSignInTests {
    @Test("a new install sends everyone to setup; setup creates owner, organisation and workspace once")
    func setup() async throws {
        try await withHerald { app in
            let browser = try TestBrowser(app: app)
            // setup
            #expect(try await browser.get("/").location == "/setup")
            // MUT: a bad time zone writes nothing
            let bad = try await browser.post("/setup", form: [
                "organization_name": "Agency", "name": "Olga", "email": "owner@agency.test",
                "password": Fixtures.password, "workspace_name": "Acme", "time_zone": "Moscow",
            ])
            // validate
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("“Moscow” is not an IANA time zone"))
            #expect(bad.text.contains("value=\"owner@agency.test\""), "the form keeps what was typed")
            #expect(try await Organization.query(on: app.db).count() == 0)
            #expect(try await User.query(on: app.db).count() == 0)

            _ = try await Fixtures.setUpOwner(browser)
            #expect(try await Organization.query(on: app.db).count() == 1)
            let user = try #require(try await User.query(on: app.db).first())
            #expect(user.passwordHash.hasPrefix("$2"), "bcrypt hash, not the password")
            #expect(!user.passwordHash.contains(Fixtures.password))

            // A second setup is refused.
            let again = try TestBrowser(app: app)
            #expect(try await again.get("/setup").location == "/login")
            try await again.post("/setup", form: [
                "organization_name": "Evil", "name": "Eve", "email": "eve@evil.test",
                "password": Fixtures.password, "workspace_name": "Evil", "time_zone": "UTC",
            ])
            #expect(try await Organization.query(on: app.db).count() == 1)
            #expect(try await User.query(on: app.db).filter(\.$email == "eve@evil.test").count() == 0)
        }
    }

    @Test("sign in, session cookie, sign out ends the session for good")
    func signInOut() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            _ = try await Fixtures.setUpOwner(owner)

            let browser = try TestBrowser(app: app)
            #expect(try await browser.get("/workspaces").location?.hasPrefix("/login?next=") == true)
            let wrong = try await browser.post("/login", form: ["email": Fixtures.ownerEmail, "password": "nope-nope-nope"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("Wrong e-mail or password."))
            let unknown = try await browser.post("/login", form: ["email": "nobody@agency.test", "password": "whatever-123"])
            #expect(unknown.status == .unauthorized)

            try await Fixtures.signIn(browser, email: " OWNER@agency.test ")
            let session = try #require(browser.cookies["herald_session"])
            #expect(try await browser.get("/workspaces").status == .ok)
            #expect(try await UserSession.query(on: app.db).count() == 2)

            let out = try await browser.post("/logout")
            #expect(out.location == "/login?done=signedOut")
            #expect(browser.cookies["herald_session"] == nil)
            // Replaying the old cookie does not work: the session row is gone.
            browser.cookies["herald_session"] = session
            #expect(try await browser.get("/workspaces").location?.hasPrefix("/login") == true)
        }
    }

    @Test("repeated failures throttle sign-in, even with the right password, then lift after the window")
    func throttling() async throws {
        try await withHerald({ $0.loginMaxFailures = 3 }) { app in
            let owner = try TestBrowser(app: app)
            _ = try await Fixtures.setUpOwner(owner)
            let attacker = try TestBrowser(app: app)
            for _ in 0..<3 {
                let response = try await attacker.post("/login", form: ["email": Fixtures.ownerEmail, "password": "guess-guess-1"])
                #expect(response.status == .unauthorized)
            }
            let blocked = try await attacker.post("/login", form: ["email": Fixtures.ownerEmail, "password": Fixtures.password])
            #expect(blocked.status == .tooManyRequests)
            #expect(Int(blocked.headers.first(name: "Retry-After") ?? "") ?? 0 > 0)
            #expect(blocked.text.contains("Too many failed sign-in attempts"))

            // Age the failures past the window (as time passing would): sign-in works again.
            for attempt in try await LoginAttempt.query(on: app.db).all() {
                attempt.attemptedAt = attempt.attemptedAt.addingTimeInterval(-16 * 60)
                try await attempt.save(on: app.db)
            }
            try await Fixtures.signIn(attacker, email: Fixtures.ownerEmail)
        }
    }

    @Test("changing the password needs the current one and signs out other sessions")
    func passwordChange() async throws {
        try await withHerald { app in
            let browser = try TestBrowser(app: app)
            _ = try await Fixtures.setUpOwner(browser)
            let laptop = try TestBrowser(app: app)
            try await Fixtures.signIn(laptop, email: Fixtures.ownerEmail)

            let wrong = try await browser.post("/account/password", form: ["current_password": "not-it-at-all", "new_password": "brand new secret"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.text.contains("The current password is wrong."))
            let short = try await browser.post("/account/password", form: ["current_password": Fixtures.password, "new_password": "short"])
            #expect(short.status == .unprocessableEntity)
            #expect(short.text.contains("at least 10 characters"))

            let done = try await browser.post("/account/password", form: ["current_password": Fixtures.password, "new_password": "brand new secret"])
            #expect(done.location == "/account?done=passwordChanged")
            #expect(try await browser.get("/account").status == .ok, "this session stays signed in")
            #expect(try await laptop.get("/account").location?.hasPrefix("/login") == true, "the other is signed out")

            let fresh = try TestBrowser(app: app)
            try await Fixtures.signIn(fresh, email: Fixtures.ownerEmail, password: "brand new secret")
        }
    }

    @Test("forms without the CSRF token are refused and change nothing")
    func csrf() async throws {
        try await withHerald { app in
            let browser = try TestBrowser(app: app)
            let workspace = try await Fixtures.setUpOwner(browser)
            let missing = try await browser.post("/w/\(workspace)/compose", form: ["text": "forged"], csrf: false)
            #expect(missing.status == .forbidden)
            #expect(missing.text.contains("The form expired or came from another site"))
            let forged = try await browser.post("/w/\(workspace)/compose", form: ["text": "forged", "_csrf": "guess"], csrf: false)
            #expect(forged.status == .forbidden)
            let signIn = try TestBrowser(app: app)
            let noCookie = try await signIn.post("/login", form: ["email": Fixtures.ownerEmail, "password": Fixtures.password], csrf: false)
            #expect(noCookie.status == .forbidden)
            #expect(try await Post.query(on: app.db).count() == 0)

            let real = try await browser.post("/w/\(workspace)/compose", form: ["text": "real"])
            #expect(real.status == .seeOther)
            #expect(try await Post.query(on: app.db).count() == 1)
        }
    }

    @Test("session and CSRF cookies are HttpOnly and SameSite=Lax")
    func cookieFlags() async throws {
        try await withHerald { app in
            let browser = try TestBrowser(app: app)
            let page = try await browser.get("/setup")
            let csrf = try #require(page.headers[.setCookie].first { $0.hasPrefix("herald_csrf=") })
            #expect(csrf.contains("HttpOnly") && csrf.contains("SameSite=Lax"))
            let setup = try await browser.post("/setup", form: [
                "organization_name": "Agency", "name": "Olga", "email": "owner@agency.test",
                "password": Fixtures.password, "workspace_name": "Acme", "time_zone": "UTC",
            ])
            let session = try #require(setup.headers[.setCookie].first { $0.hasPrefix("herald_session=") })
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Lax"))
        }
    }
}

@Suite("Sign-in throttling per address")
struct AddressThrottleTests {
    @Test("many failures from one address over different e-mails throttle that address")
    func perAddress() async throws {
        try await withHerald({ $0.loginMaxFailures = 2 }) { app in
            _ = try await Fixtures.setUpOwner(try TestBrowser(app: app))
            let guesser = try TestBrowser(app: app)
            for index in 0..<8 {  // four times the per-e-mail limit, each e-mail failing once
                let response = try await guesser.post("/login", form: ["email": "guess\(index)@agency.test", "password": "nope-nope-1"])
                #expect(response.status == .unauthorized)
            }
            let blocked = try await guesser.post("/login", form: ["email": Fixtures.ownerEmail, "password": Fixtures.password])
            #expect(blocked.status == .tooManyRequests, "the address is throttled even for a right password")
        }
    }
}
