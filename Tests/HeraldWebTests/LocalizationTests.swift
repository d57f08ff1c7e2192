import HeraldApp
import HeraldTestSupport
import Testing
import Vapor

@Suite("English and Russian")
struct LocalizationTests {
    @Test("pages follow Accept-Language until the user chooses")
    func pages() async throws {
        try await withHerald { app in
            let browser = try TestBrowser(app: app)
            browser.acceptLanguage = "ru-RU,ru;q=0.9,en;q=0.5"
            let setup = try await browser.get("/setup")
            #expect(setup.text.contains("<html lang=\"ru\">"))
            #expect(setup.text.contains("Настройка Herald"))
            let workspace = try await Fixtures.setUpOwner(browser)
            // Setup stores the language the owner used.
            #expect(try await browser.get("/w/\(workspace)/calendar").text.contains("Календарь"))

            // The user's own choice wins over the browser.
            try await browser.post("/account", form: ["name": "Olga Owner", "language": "en"])
            let english = try await browser.get("/w/\(workspace)/calendar")
            #expect(english.text.contains("<html lang=\"en\">") && english.text.contains("Calendar"))
            #expect(!english.text.contains("Календарь"))
            // Back to following the browser.
            try await browser.post("/account", form: ["name": "Olga Owner", "language": ""])
            #expect(try await browser.get("/w/\(workspace)/analytics").text.contains("Лучшее время для постов"))
        }
    }

    @Test("visitors can switch language on the sign-in page; the choice is a cookie")
    func visitorSwitch() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            _ = try await Fixtures.setUpOwner(owner)
            let visitor = try TestBrowser(app: app)
            #expect(try await visitor.get("/login").text.contains("Sign in"))
            let switched = try await visitor.get("/language?set=ru&next=%2Flogin")
            #expect(switched.location == "/login")
            #expect(try await visitor.get("/login").text.contains("Вход"))
            #expect(try await visitor.get("/language?set=ru&next=https%3A%2F%2Fevil.test").location == "/", "no open redirect")
        }
    }

    @Test("API errors come in the caller's language")
    func apiErrors() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let workspace = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            try await owner.post("/account", form: ["name": "Olga Owner", "language": ""])
            api.acceptLanguage = "ru"
            let response = try await api.api(.PATCH, "/api/v1/workspaces/\(workspace)", json: #"{"time_zone":"Moscow"}"#)
            #expect(response.apiError?.message.contains("не часовой пояс IANA") == true)
            #expect(response.apiError?.code == "invalid_time_zone", "codes stay the same in every language")
        }
    }
}
