import Fluent
import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

/// Issue 12 (the first hour of a manager), the parts landed so far.
@Suite("First hour: honest lists, safe deletes, a readable calendar")
struct FirstHourTests {
    static func post(_ app: Application, _ w: UUID, _ text: String, _ status: PostStatus, at: String? = nil) async throws -> UUID {
        let post = Post(workspaceID: w, authorID: nil, text: text)
        post.statusName = status.rawValue
        post.scheduledAt = try at.map { try #require(ISO8601DateFormatter().date(from: $0)) }
        try await post.create(on: app.db)
        return try post.requireID()
    }

    @Test("Compose lists drafts only, each with its real status; scheduled and published posts are on the calendar")
    func draftsOnly() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            _ = try await Self.post(app, w, "Still a draft", .draft)
            _ = try await Self.post(app, w, "Waiting for the client", .inReview)
            _ = try await Self.post(app, w, "Planned for March", .scheduled, at: "2031-03-12T09:00:00Z")
            _ = try await Self.post(app, w, "Already out", .published, at: "2031-03-10T09:00:00Z")
            let compose = try await owner.get("/w/\(w)/compose")
            #expect(compose.text.contains("Still a draft") && compose.text.contains("Waiting for the client"))
            #expect(!compose.text.contains("Planned for March") && !compose.text.contains("Already out"))
            #expect(compose.text.contains("In review"), "the status as it is, not always “Draft”")
            // the list view says what each dated post is
            let list = try await owner.get("/w/\(w)/calendar?view=list&date=2031-03-01")
            #expect(list.text.contains("Planned and published, by date"))
            #expect(list.text.contains("Already out") && list.text.contains(">Published</small>"))
            #expect(list.text.contains(">Scheduled</small>"))
        }
    }

    @Test("Delete asks first: without confirmation the form leads to a page that says what will be lost; with it the post goes")
    func deleteAsks() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let id = try await Self.post(app, w, "Delete me carefully", .scheduled, at: "2031-03-12T09:00:00Z")
            // a bare POST (an old form, a stray click) deletes nothing
            let bare = try await owner.post("/w/\(w)/posts/\(id)/delete")
            #expect(bare.status == .seeOther && bare.location == "/w/\(w)/posts/\(id)/delete")
            #expect(try await Post.find(id, on: app.db) != nil)
            let ask = try await owner.get("/w/\(w)/posts/\(id)/delete")
            #expect(ask.status == .ok && ask.text.contains("Delete this post?") && ask.text.contains("Delete me carefully"))
            #expect(ask.text.contains("Scheduled") && ask.text.contains("cannot be undone"))
            let done = try await owner.post("/w/\(w)/posts/\(id)/delete", form: ["confirm": "yes"])
            #expect(done.status == .seeOther)
            #expect(try await Post.find(id, on: app.db) == nil)
        }
    }

    @Test("time zones are chosen from a list of every zone; new things start from the browser's zone (a small script), not Moscow")
    func timeZoneList() async throws {
        try await withHerald { app in
            let browser = try TestBrowser(app: app)
            let setup = try await browser.get("/setup")
            #expect(setup.text.contains("list=\"time-zones\"") && setup.text.contains("<option value=\"Europe/Moscow\">")
                    && setup.text.contains("<option value=\"America/New_York\">"))
            #expect(setup.text.contains("data-detect-zone") && !setup.text.contains("value=\"Europe/Moscow\" required"))
            let script = try await browser.get("/assets/zone.js")
            #expect(script.status == .ok && script.text.contains("resolvedOptions().timeZone"))
            let w = try await Fixtures.setUpOwner(browser)
            let settings = try await browser.get("/w/\(w)/settings")
            #expect(settings.text.contains("list=\"time-zones\"") && !settings.text.contains("data-detect-zone"), "an existing zone is shown as it is")
        }
    }

    @Test("the ad-law fields show where the workspace labels ads under Russian law: on by default in Russian workspaces, a setting elsewhere")
    func adLawFields() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            #expect(try await api.api(.GET, "/api/v1/workspaces/\(w)").json["russian_ad_labels"] as? Bool == false)
            #expect(!(try await owner.get("/w/\(w)/compose")).text.contains("name=\"is_ad\""), "an English workspace: no erid fields")
            _ = try await owner.post("/w/\(w)/settings", form: ["name": "Agency", "time_zone": "Europe/Berlin", "language": "en",
                                                                 "russian_ad_labels": "1"])
            #expect(try await owner.get("/w/\(w)/compose").text.contains("name=\"is_ad\""))
            let russian = try await api.api(.POST, "/api/v1/workspaces", json: #"{"name":"Кофейня","time_zone":"Europe/Moscow","language":"ru"}"#)
            #expect(russian.json["russian_ad_labels"] as? Bool == true)
            let off = try await api.api(.PATCH, "/api/v1/workspaces/\(w)", json: #"{"russian_ad_labels":false}"#)
            #expect(off.json["russian_ad_labels"] as? Bool == false)
        }
    }

    @Test("a new workspace's calendar says where to start (channel, post, import) until it has a post")
    func startHere() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let empty = try await owner.get("/w/\(w)/calendar")
            #expect(empty.text.contains("Nothing planned yet"))
            for target in ["/w/\(w)/settings/channels", "/w/\(w)/compose", "/w/\(w)/import"] {
                #expect(empty.text.contains("href=\"\(target)\""), "\(target)")
            }
            _ = try await Self.post(app, w, "The first one", .draft)
            #expect(!(try await owner.get("/w/\(w)/calendar")).text.contains("Nothing planned yet"))
        }
    }

    @Test("the month is shown by its name, in the workspace's language")
    func monthName() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let english = try await owner.get("/w/\(w)/calendar?view=month&date=2031-03-12")
            #expect(english.text.contains("<strong>March 2031</strong>") && !english.text.contains("2031-03</strong>"))
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            _ = try await api.api(.PATCH, "/api/v1/workspaces/\(w)", json: #"{"language":"ru"}"#)
            owner.acceptLanguage = "ru"
            let russian = try await owner.get("/w/\(w)/calendar?view=month&date=2031-12-01")
            #expect(russian.text.contains("<strong>Декабрь 2031</strong>"), "\(russian.text.prefix(0))")
        }
    }
}

@Suite("First hour: forms say what each field is")
struct FirstHourFormTests {
    @Test("the three UTM fields have labels of their own; the account's language list says “as my browser asks”")
    func labels() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let campaigns = try await owner.get("/w/\(w)/campaigns")
            for label in ["UTM source (utm_source", "UTM medium (utm_medium)", "UTM campaign name (utm_campaign)"] {
                #expect(campaigns.text.components(separatedBy: label).count == 2, "\(label) once")
            }
            let account = try await owner.get("/account")
            #expect(account.text.contains("As my browser asks") && !account.text.contains(">Accept-Language<"))
        }
    }
}

@Suite("First hour: a refused form says everything at once and keeps what was typed")
struct FormProblemsTests {
    @Test("setup with three wrong fields: all three at the top and beside their fields, the rest kept; the API lists every problem")
    func everyProblemAtOnce() async throws {
        try await withHerald { app in
            let browser = try TestBrowser(app: app)
            _ = try await browser.get("/setup")
            let refused = try await browser.post("/setup", form: [
                "organization_name": "Кофейня и партнёры", "name": "Ольга", "email": "olga-at-example", "password": "short",
                "workspace_name": "", "time_zone": "Europe/Moscow"])
            #expect(refused.status == .unprocessableEntity)
            let page = refused.text
            #expect(page.contains("class=\"error error-summary\"") && page.contains("3 things to put right:"), "\(page.prefix(0))")
            for field in ["email", "password", "workspace_name"] {
                #expect(page.contains("<a href=\"#\(field)\">"), "the summary links to \(field)")
                #expect(page.contains("id=\"\(field)-error\""), "\(field) says its problem beside it")
                #expect(page.contains("id=\"\(field)\" name=\"\(field)\""))
            }
            #expect(page.contains("aria-describedby=\"email-error\""))
            #expect(page.contains("value=\"Кофейня и партнёры\"") && page.contains("value=\"Ольга\"") && page.contains("value=\"olga-at-example\""),
                    "what was typed stays")
            #expect(page.contains("value=\"Europe/Moscow\""))
            #expect(!page.contains("value=\"short\""), "a password is never sent back")

            // Right the first time after all: set up, then ask the API for a member with two wrong fields.
            let w = try await Fixtures.setUpOwner(browser)
            let api = TestBrowser.sharing(browser, token: try await Fixtures.createToken(browser, name: "api"))
            let member = try await api.api(.POST, "/api/v1/workspaces/\(w)/members", json: #"{"email":"nobody","role":"chief","name":""}"#)
            #expect(member.status == .unprocessableEntity)
            let problems = try #require((member.json["error"] as? [String: Any])?["problems"] as? [[String: Any]], "\(member.text)")
            #expect(problems.compactMap { $0["field"] as? String } == ["email", "role", "name"], "\(member.text)")
            let one = try await api.api(.POST, "/api/v1/workspaces/\(w)/members", json: #"{"email":"new@agency.test","role":"editor","name":"","password":"x"}"#)
            let named = ((one.json["error"] as? [String: Any])?["problems"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(named == ["name", "password"], "a new account's name and password are checked together: \(one.text)")

            // The members form in Russian: both problems at the top, values kept.
            #expect(try await api.api(.PATCH, "/api/v1/me", json: #"{"language":"ru"}"#).status == .ok)
            let form = try await browser.post("/w/\(w)/settings/members", form: ["email": "new@agency.test", "name": "", "password": "x", "role": "editor"])
            #expect(form.status == .unprocessableEntity)
            #expect(form.text.contains("Нужно исправить (2):") && form.text.contains("value=\"new@agency.test\""), "\(form.text.prefix(0))")
        }
    }

    @Test("campaigns, channels, routing rules and service levels name every wrong field at once, and change nothing")
    func campaignsChannelsRulesLevels() async throws {
        try await withHerald { app in
            let browser = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(browser)
            let api = TestBrowser.sharing(browser, token: try await Fixtures.createToken(browser, name: "api"))
            let base = "/api/v1/workspaces/\(w)"
            func fields(_ answer: BrowserResponse) -> [String] {
                ((answer.json["error"] as? [String: Any])?["problems"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
            }
            let long = String(repeating: "x", count: 101)
            let campaign = try await api.api(.POST, "\(base)/campaigns", json: #"{"name":"","colour":"blue!!","utm_source":"\#(long)"}"#)
            #expect(campaign.status == .unprocessableEntity && fields(campaign) == ["name", "colour", "utm_source"], "\(campaign.text)")
            let channel = try await api.api(.POST, "\(base)/channels", json: #"{"platform":"mastodon","name":"","access_token":"","expires_at":"soon"}"#)
            #expect(channel.status == .unprocessableEntity && fields(channel) == ["name", "access_token", "instance_url", "expires_at"], "\(channel.text)")
            let rule = try await api.api(.POST, "\(base)/routing-rules", json: #"{"name":"","actions":{"priority":"bogus"}}"#)
            #expect(rule.status == .unprocessableEntity && fields(rule) == ["name", "keywords", "priority"], "\(rule.text)")
            let levels = try await api.api(.PUT, "\(base)/service-levels", json: """
                {"hours":{"mon":["9am","18:00"],"tue":["18:00","09:00"]},"holidays":["someday"],"targets":{"urgent":{"first_response_hours":0,"resolution_hours":2}}}
                """)
            #expect(levels.status == .unprocessableEntity && fields(levels) == ["day_1_open", "day_2_close", "holidays", "urgent_first_response"],
                    "\(levels.text)")
            let campaigns = try await Campaign.query(on: app.db).count(), rules = try await RoutingRule.query(on: app.db).count()
            #expect(campaigns == 0 && rules == 0)
            #expect(try await SocialChannel.query(on: app.db).count() == 0)
        }
    }
}
