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

@Suite("Hardening: accounts")
struct AccountHardeningTests {
    @Test("a new password revokes the API tokens unless they are kept; the current-password check is throttled")
    func passwordChange() async throws {
        try await withHerald({ $0.loginMaxFailures = 3 }) { app in
            let owner = try TestBrowser(app: app)
            _ = try await Fixtures.setUpOwner(owner)
            let token = try await Fixtures.createToken(owner, name: "script")
            let api = TestBrowser.sharing(owner, token: token)
            let kept = try await api.api(.POST, "/api/v1/me/password", json: """
                {"current_password":"\(Fixtures.password)","new_password":"second password here","keep_tokens":true}
                """)
            #expect(kept.status == .noContent)
            #expect(try await api.api(.GET, "/api/v1/me").status == .ok, "kept when asked")
            try await Fixtures.signIn(owner, email: Fixtures.ownerEmail, password: "second password here")  // other sessions ended
            let changed = try await owner.post("/account/password", form: ["current_password": "second password here",
                                                                           "new_password": "third password here"])
            #expect(changed.status == .seeOther)
            #expect(try await api.api(.GET, "/api/v1/me").status == .unauthorized, "revoked by default")
            // Guessing the current password is throttled like sign-in.
            for _ in 0..<3 {
                let wrong = try await owner.post("/account/password", form: ["current_password": "guess-guess-1", "new_password": "whatever pw 1"])
                #expect(wrong.status == .unprocessableEntity)
            }
            let blocked = try await owner.post("/account/password", form: ["current_password": "third password here",
                                                                           "new_password": "fourth password"])
            #expect(blocked.status == .tooManyRequests)
        }
    }

    @Test("a stranger's failures cannot lock the owner out on a browser they signed in from before; a new browser is slowed")
    func noLockout() async throws {
        try await withHerald({ $0.loginMaxFailures = 3 }) { app in
            let owner = try TestBrowser(app: app)
            _ = try await Fixtures.setUpOwner(owner)
            try await Fixtures.signIn(owner, email: Fixtures.ownerEmail)  // sets the known-device cookie
            _ = try await owner.post("/logout")
            let attacker = try TestBrowser(app: app)
            for _ in 0..<5 {
                _ = try await attacker.post("/login", form: ["email": Fixtures.ownerEmail, "password": "guess-guess-1"])
            }
            #expect(try await attacker.post("/login", form: ["email": Fixtures.ownerEmail, "password": Fixtures.password]).status
                    == .tooManyRequests)
            let forged = try TestBrowser(app: app)
            forged.cookies["herald_device"] = UUID().uuidString + ".forged"
            #expect(try await forged.post("/login", form: ["email": Fixtures.ownerEmail, "password": Fixtures.password]).status
                    == .tooManyRequests, "a forged cookie is no known device")
            let back = try await owner.post("/login", form: ["email": Fixtures.ownerEmail, "password": Fixtures.password])
            #expect(back.status == .seeOther, "the owner's own browser still gets in")
        }
    }

    @Test("signing in rotates the CSRF token; a form posted from another origin is refused even with the token")
    func csrf() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            _ = try await Fixtures.setUpOwner(owner)
            _ = try await owner.post("/logout")
            _ = try await owner.get("/login")
            let before = try #require(owner.csrfToken)
            try await Fixtures.signIn(owner, email: Fixtures.ownerEmail)
            #expect(owner.csrfToken != nil && owner.csrfToken != before, "rotated at sign-in")
            let token = try #require(owner.csrfToken)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
            headers.replaceOrAdd(name: "Origin", value: "https://evil.example")
            let foreign = try await owner.send(.POST, "/account", headers: headers, body: ByteBuffer(string: "name=Mallory&_csrf=\(token)"))
            #expect(foreign.status == .forbidden)
            headers.replaceOrAdd(name: "Origin", value: app.herald.baseURL)
            let home = try await owner.send(.POST, "/account", headers: headers, body: ByteBuffer(string: "name=Olga+2&_csrf=\(token)"))
            #expect(home.status == .seeOther)
        }
    }

    @Test("a workspace owner cannot remove the organisation owner from the workspace")
    func organizationOwner() async throws {
        try await withHerald { app in
            let team = try await RolePermissionTests.team(app)
            let w = "/api/v1/workspaces/\(team.workspace)"
            let owner = try #require(team.api[.owner])
            _ = try await owner.api(.POST, "\(w)/members", json: """
                {"email":"co-owner@agency.test","name":"Co","password":"\(Fixtures.password)","role":"owner"}
                """)
            let co = try TestBrowser(app: app)
            try await Fixtures.signIn(co, email: "co-owner@agency.test")
            let coAPI = TestBrowser.sharing(co, token: try await Fixtures.createToken(co, name: "co"))
            let removed = try await coAPI.api(.DELETE, "\(w)/members/\(try #require(team.ids[.owner]))")
            #expect(removed.status == .conflict && removed.apiError?.code == "organization_owner")
        }
    }
}

@Suite("Hardening: uploads")
struct UploadLimitTests {
    @Test("the web forms take what the API takes: a 2.4 MB image in the library and a 1.4 MB CSV import, over real HTTP")
    func largeForms() async throws {
        try await withHerald { app in
            try await withLiveServer(app) { browser, _ in
                let w = try await Fixtures.setUpOwner(browser)
                // setup: an image of about 2.4 MB (stored deflate) and a CSV of about 1.4 MB
                let image = Array(PNGCard.make(width: 900, height: 890, colours: ((10, 20, 30), (200, 210, 220))))
                #expect(image.count > 2_300_000)
                let rows = (0..<1000).map { "2031-01-01,09:00,S,\(String(repeating: "ж", count: 700)) \($0)" }
                let csv = Array(("date,time,channels,text\n" + rows.joined(separator: "\n") + "\n").utf8)
                #expect(csv.count > 1_400_000)
                // MUT: through the forms, with the session cookie and the CSRF field
                let uploaded = try await browser.upload("/w/\(w)/library", file: image, fileName: "big.png", fields: ["alt_text": "Большая"])
                let imported = try await browser.upload("/w/\(w)/import", file: csv, fileName: "posts.csv", fields: ["dry_run": "1"])
                // validate
                #expect(uploaded.status == .seeOther, "\(uploaded.status)")
                #expect(try await MediaFile.query(on: app.db).count() == 1)
                #expect(imported.status != .payloadTooLarge && imported.status != .forbidden, "\(imported.status)")
            }
        }
    }
}

@Suite("Hardening: bounded work per request")
struct BoundedListTests {
    @Test("a crowded day shows six posts and how many more; lists come a page at a time; limits are refused by name")
    func bounded() async throws {
        try await withHerald { app in
            // setup: 80 posts on one day, 9:00–10:19 UTC
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let day = try #require(ISO8601DateFormatter().date(from: "2031-03-12T09:00:00Z"))
            try await app.db.writeTransaction { tx in
                for index in 0..<80 {
                    let post = Post(workspaceID: w, authorID: nil, text: "Crowded \(index)")
                    post.statusName = PostStatus.scheduled.rawValue
                    post.scheduledAt = day.addingTimeInterval(Double(index) * 60)
                    try await post.create(on: tx)
                }
            }
            // MUT and validate: the month grid
            let month = try await owner.get("/w/\(w)/calendar?view=month&date=2031-03-12")
            #expect(month.text.components(separatedBy: "Crowded ").count - 1 == CalendarQuery.perDay)
            #expect(month.text.contains("+74 more"))
            #expect(month.text.contains("Crowded 5 ") && !month.text.contains("Crowded 6 "), "the day's first six by time")
            // the list: a page, then the next
            let list = try await owner.get("/w/\(w)/calendar?view=list&date=2031-03-12")
            #expect(list.text.components(separatedBy: "Crowded ").count - 1 == PageRequest.maxLimit || list.text.contains("Older →"))
            // the API: pages with next_offset, limits checked
            let first = try await api.api(.GET, "/api/v1/workspaces/\(w)/posts?limit=50")
            #expect((first.json["items"] as? [Any])?.count == 50 && first.json["next_offset"] as? Int == 50)
            let last = try await api.api(.GET, "/api/v1/workspaces/\(w)/posts?limit=50&offset=50")
            #expect((last.json["items"] as? [Any])?.count == 30 && last.json["next_offset"] == nil)
            // Read as plain rows: every post once over both pages, newest first, with its fields.
            let items = ((first.json["items"] as? [[String: Any]]) ?? []) + ((last.json["items"] as? [[String: Any]]) ?? [])
            #expect(Set(items.compactMap { $0["id"] as? String }).count == 80)
            let created = items.compactMap { $0["created_at"] as? String }
            #expect(created.count == 80 && created == created.sorted(by: >), "newest first")
            #expect(items.allSatisfy { $0["status"] as? String == "scheduled" && $0["scheduled_at"] is String && ($0["text"] as? String)?.hasPrefix("Crowded") == true })
            let tooMany = try await api.api(.GET, "/api/v1/workspaces/\(w)/posts?limit=5000")
            #expect(tooMany.status == .unprocessableEntity && tooMany.apiError?.field == "limit")
        }
    }

    @Test("a grid's days are the workspace's local days: a post at 23:59 and one at 00:00 fall on their own dates")
    func localDays() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            _ = try await api.api(.PATCH, "/api/v1/workspaces/\(w)", json: #"{"time_zone":"Asia/Tokyo"}"#)
            let formatter = ISO8601DateFormatter()
            let planned = try [("Late evening", "2031-03-11T14:59:00Z"), ("Just after midnight", "2031-03-11T15:00:00Z"),
                               ("Last of the month", "2031-03-31T14:30:00Z"), ("First of April", "2031-03-31T15:30:00Z")]
                .map { text, at in (text, try #require(formatter.date(from: at))) }
            try await app.db.writeTransaction { tx in
                for (text, at) in planned {
                    let post = Post(workspaceID: w, authorID: nil, text: text)
                    post.statusName = PostStatus.scheduled.rawValue
                    post.scheduledAt = at
                    try await post.create(on: tx)
                }
            }
            let month = try await owner.get("/w/\(w)/calendar?view=month&date=2031-03-12").text
            func day(_ date: String) -> String {
                guard let start = month.range(of: "data-date=\"\(date)\"") else { return "" }
                let rest = month[start.upperBound...]
                return String(rest[..<(rest.range(of: "</li>")?.lowerBound ?? rest.endIndex)])
            }
            #expect(day("2031-03-11").contains("<time>23:59</time> Late evening"))
            #expect(day("2031-03-12").contains("<time>00:00</time> Just after midnight"))
            #expect(day("2031-03-31").contains("<time>23:30</time> Last of the month"))
            #expect(day("2031-04-01").contains("<time>00:30</time> First of April"), "the grid's last row runs into April")
        }
    }
}

