import HeraldApp
import Fluent
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

@Suite("Bad input: a clear error, no crash, nothing written")
struct BadInputTests {
    func ownerAPI(_ app: Application) async throws -> (TestBrowser, UUID) {
        let owner = try TestBrowser(app: app)
        let workspace = try await Fixtures.setUpOwner(owner)
        return (TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t")), workspace)
    }

    @Test("malformed JSON is 400 with code malformed_json")
    func malformed() async throws {
        try await withHerald { app in
            let (api, w) = try await ownerAPI(app)
            for body in [#"{"text": "unterminated"#, "not json", "[1,2", #"{"text":}"#] {
                let response = try await api.api(.POST, "/api/v1/workspaces/\(w)/posts", json: body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.apiError?.code == "malformed_json", "\(body)")
                #expect(response.apiError?.message.hasPrefix("The body is not valid JSON") == true)
                #expect(response.json["error"].flatMap { ($0 as? [String: Any])?["request_id"] as? String } != nil)
            }
            let array = try await api.api(.POST, "/api/v1/workspaces/\(w)/posts", json: "[]")
            #expect(array.apiError?.message == "The body must be a JSON object ({…}).")
            let empty = try await api.api(.POST, "/api/v1/workspaces/\(w)/posts", json: "")
            #expect(empty.status == .badRequest && empty.apiError?.message == "The body is empty; send a JSON object.")
            // Where the parser stopped, said in the reader's language; never the parser's own words.
            api.acceptLanguage = "ru"
            let said: [(String, String)] = [
                (#"{"text":"a"}}"#, "Тело запроса — некорректный JSON: ошибка около байта 13."),
                (#"{"text":"#, "Тело запроса — некорректный JSON: он обрывается (не закрыта скобка или кавычка)."),
                (#""text""#, "Тело запроса должно быть JSON-объектом ({…})."),
                (String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
                 "Тело запроса здесь не принимается: массивы и объекты вложены глубже 512 уровней."),
            ]
            for (body, message) in said {
                let response = try await api.api(.POST, "/api/v1/workspaces/\(w)/posts", json: body)
                #expect(response.status == .badRequest && response.apiError?.code == "malformed_json", "\(body.prefix(20))")
                #expect(response.apiError?.message == message, "\(body.prefix(20)): \(response.text)")
            }
            #expect(try await Post.query(on: app.db).count() == 0)
        }
    }

    @Test("unknown fields are named, not ignored")
    func unknownField() async throws {
        try await withHerald { app in
            let (api, w) = try await ownerAPI(app)
            let response = try await api.api(.PATCH, "/api/v1/workspaces/\(w)", json: #"{"name":"New","timezone":"UTC"}"#)
            #expect(response.status == .unprocessableEntity)
            #expect(response.apiError?.code == "unknown_field")
            #expect(response.apiError?.field == "timezone")
            #expect(response.apiError?.message == "Unknown field “timezone”.")
            #expect(try await Workspace.find(w, on: app.db)?.name == "Agency", "the valid name was not applied either")
        }
    }

    @Test("wrong types name the field and the expected type")
    func wrongType() async throws {
        try await withHerald { app in
            let (api, w) = try await ownerAPI(app)
            let response = try await api.api(.POST, "/api/v1/workspaces/\(w)/posts", json: #"{"text": 42}"#)
            #expect(response.status == .unprocessableEntity)
            #expect(response.apiError?.code == "wrong_type")
            #expect(response.apiError?.field == "text")
            #expect(response.apiError?.message == "Expected a string.")
        }
    }

    @Test("a value of the wrong kind or a malformed id is said with a catalogue sentence in the reader's language, never the decoder's words")
    func decoderWordsNeverShown() async throws {
        try await withHerald { app in
            let (api, w) = try await ownerAPI(app)
            let channel = try await Fixtures.channel(app, workspace: w, platform: .mastodon, name: "M")
            let cases: [(String, String, String, String, String)] = [  // body, code, field, English, Russian
                (#"{"text":"a","media":["x"]}"#, "invalid_id", "media[0]",
                 "“x” is not an id: Herald's ids look like 3F2504E0-4F89-11D3-9A0C-0305E82C3301.",
                 "«x» — не идентификатор: идентификаторы Herald выглядят так: 3F2504E0-4F89-11D3-9A0C-0305E82C3301."),
                (#"{"text":"a","campaign_id":"nope"}"#, "invalid_id", "campaign_id", "“nope” is not an id: Herald's ids look like 3F2504E0-4F89-11D3-9A0C-0305E82C3301.",
                 "«nope» — не идентификатор: идентификаторы Herald выглядят так: 3F2504E0-4F89-11D3-9A0C-0305E82C3301."),
                (#"{"text":"a","channels":"\#(channel)"}"#, "wrong_type", "channels", "Expected a list ([…]).", "Ожидается список ([…])."),
                (#"{"text":"a","channels":[42]}"#, "wrong_type", "channels[0]", "Expected a string.", "Ожидается строка."),
                (#"{"text":["a"]}"#, "wrong_type", "text", "Expected a string.", "Ожидается строка."),
                (#"{"text":"a","variants":{}}"#, "wrong_type", "variants", "Expected a list ([…]).", "Ожидается список ([…])."),
                (#"{"text":"a","channels":["\#(channel)"],"variants":[{"channel_id":"\#(channel)","options":[]}]}"#, "wrong_type",
                 "variants[0].options", "Expected an object ({…}).", "Ожидается объект ({…})."),
            ]
            for (body, code, field, english, russian) in cases {
                for (language, sentence) in [("en", english), ("ru", russian)] {
                    api.acceptLanguage = language
                    let response = try await api.api(.POST, "/api/v1/workspaces/\(w)/posts", json: body)
                    #expect(response.status == .unprocessableEntity, "\(body)")
                    #expect(response.apiError?.code == code && response.apiError?.field == field, "\(body): \(response.text)")
                    #expect(response.apiError?.message == sentence, "\(body) [\(language)]")
                    #expect(!response.text.contains("Attempted") && !response.text.contains("Swift") && !response.text.contains("Array<"))
                }
            }
            #expect(try await Post.query(on: app.db).count() == 0)
            api.acceptLanguage = "ru"
            let zone = try await api.api(.PATCH, "/api/v1/workspaces/\(w)", json: #"{"time_zone":"Europe/Mordor"}"#)
            #expect(zone.apiError?.code == "invalid_time_zone" && zone.apiError?.field == "time_zone")
            #expect(zone.apiError?.message.contains("Europe/Mordor") == true && !zone.text.contains("IANA time zone: "), "\(zone.text)")
        }
    }

    @Test("invalid time zones are refused with the field, in the API and the web form, and nothing changes")
    func timeZone() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let response = try await api.api(.PATCH, "/api/v1/workspaces/\(w)", json: #"{"name":"Renamed","time_zone":"Europe/Mordor"}"#)
            #expect(response.status == .unprocessableEntity)
            #expect(response.apiError?.field == "time_zone")
            #expect(response.apiError?.code == "invalid_time_zone")
            let create = try await api.api(.POST, "/api/v1/workspaces", json: #"{"name":"X","time_zone":"GMT+3"}"#)
            #expect(create.apiError?.field == "time_zone")

            let form = try await owner.post("/w/\(w)/settings", form: ["name": "Renamed", "time_zone": "Europe/Mordor", "language": "en"])
            #expect(form.status == .unprocessableEntity)
            #expect(form.text.contains("aria-invalid=\"true\""))
            #expect(form.text.contains("“Europe/Mordor” is not an IANA time zone"))
            let workspace = try #require(try await Workspace.find(w, on: app.db))
            #expect(workspace.name == "Agency" && workspace.timeZone == "Europe/Moscow")
            #expect(try await Workspace.query(on: app.db).count() == 1)
        }
    }

    @Test("duplicate e-mails are a 409 on the e-mail field; no second account")
    func duplicateEmail() async throws {
        try await withHerald { app in
            let (api, w) = try await ownerAPI(app)
            let first = try await api.api(.POST, "/api/v1/workspaces/\(w)/members",
                                          json: #"{"email":"anna@agency.test","name":"Anna","password":"long enough pw","role":"editor"}"#)
            #expect(first.status == .created)
            let again = try await api.api(.POST, "/api/v1/workspaces/\(w)/members",
                                          json: #"{"email":"ANNA@agency.test","name":"Anna 2","password":"long enough pw","role":"viewer"}"#)
            #expect(again.status == .conflict)
            #expect(again.apiError?.code == "already_member")
            #expect(again.apiError?.field == "email")
            #expect(try await User.query(on: app.db).filter(\.$email == "anna@agency.test").count() == 1)
            let owner = try await api.api(.POST, "/api/v1/workspaces/\(w)/members",
                                          json: #"{"email":"owner@agency.test","name":"X","password":"long enough pw","role":"viewer"}"#)
            #expect(owner.status == .conflict)
        }
    }

    @Test("bodies over the limit are 413 with the limit in the message (real HTTP)")
    func oversized() async throws {
        try await withHerald({ $0.maxBodyBytes = 4096 }) { app in
            try await withLiveServer(app) { browser, _ in
                let w = try await Fixtures.setUpOwner(browser)
                let api = TestBrowser.sharing(browser, token: try await Fixtures.createToken(browser, name: "t"))
                let text = String(repeating: "x", count: 10_000)
                let response = try await api.api(.POST, "/api/v1/workspaces/\(w)/posts", json: #"{"text":"\#(text)"}"#)
                #expect(response.status == .payloadTooLarge)
                #expect(response.apiError?.code == "body_too_large")
                #expect(response.apiError?.message.contains("4 KiB") == true)
                let form = try await browser.post("/w/\(w)/compose", form: ["text": text])
                #expect(form.status == .payloadTooLarge)
                #expect(form.text.contains("larger than the 4 KiB limit"))
                #expect(try await Post.query(on: app.db).count() == 0)
            }
        }
    }

    @Test("other bad requests: wrong content type, bad ids, missing token, bad token")
    func misc() async throws {
        try await withHerald { app in
            let (api, w) = try await ownerAPI(app)
            let xml = try await api.api(.POST, "/api/v1/workspaces/\(w)/posts", json: "<text/>",
                                        headers: ["Content-Type": "application/xml"])
            #expect(xml.status == .unsupportedMediaType)
            #expect(xml.apiError?.code == "unsupported_media_type")
            #expect(try await api.api(.GET, "/api/v1/workspaces/not-a-uuid").status == .notFound)
            #expect(try await api.api(.GET, "/api/v1/workspaces/\(w)/posts/123").status == .notFound)
            let anonymous = TestBrowser.sharing(api, token: "")
            anonymous.bearerToken = nil
            let missing = try await anonymous.api(.GET, "/api/v1/me")
            #expect(missing.status == .unauthorized)
            #expect(missing.headers.first(name: .wwwAuthenticate) == "Bearer")
            let bad = TestBrowser.sharing(api, token: "hld_forged")
            #expect(try await bad.api(.GET, "/api/v1/me").apiError?.code == "unauthorized")
            let missingField = try await api.api(.POST, "/api/v1/workspaces/\(w)/posts", json: "{}")
            #expect(missingField.apiError?.field == "text")
            #expect(missingField.apiError?.code == "required")
            let role = try await api.api(.POST, "/api/v1/workspaces/\(w)/members",
                                         json: #"{"email":"x@agency.test","name":"X","password":"long enough pw","role":"boss"}"#)
            #expect(role.apiError?.field == "role")
            #expect(try await User.query(on: app.db).filter(\.$email == "x@agency.test").count() == 0)
        }
    }
}
