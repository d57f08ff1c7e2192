import Fluent
import Foundation
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import SQLKit
import Testing
import Vapor

/// Issue 12, pt 5 (e-mail): what needs a person reaches them by e-mail through a real SMTP server
/// (aiosmtpd, started by scripts/test: STARTTLS and AUTH required), in their language, unless
/// they switched that kind off; without a mail server the account page says so.
@Suite("E-mail notifications")
struct MailTests {
    static func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())@agency.test" }

    @Test("the SMTP client: STARTTLS, AUTH and a Russian message arrive whole; refusals and an absent server are said in words")
    func client() async throws {
        let settings = try MailPeer.settings()
        let to = Self.unique("olga")
        let text = "Строка первая.\n.Строка с точкой в начале\nИ длинная строка " + String(repeating: "слово ", count: 40)
        try await SMTPClient(settings: settings).send(MailMessage(from: settings.from, to: to, subject: "Нужно согласование: «Зимняя распродажа»",
                                                                  text: text), messageID: "test-\(UUID().uuidString)@herald")
        let received = try await MailPeer.wait(for: to, count: 1)
        let message = try #require(received.first)
        #expect(message.from == settings.from && message.subject == "Нужно согласование: «Зимняя распродажа»", "\(message.headers)")
        #expect(message.text == text.replacingOccurrences(of: "\n", with: "\r\n"), "dot-stuffing undone by the server, lines unchanged")

        var wrong = settings
        wrong.password = "not-the-password"
        await #expect { try await SMTPClient(settings: wrong).send(MailMessage(from: wrong.from, to: to, subject: "x", text: "x"), messageID: "a@h") }
            throws: { error in
                let failure = error as? SMTPFailure
                return failure?.retryable == false && failure?.description.contains("refused AUTH: 535") == true
            }
        var plain = settings
        plain.security = .none
        await #expect { try await SMTPClient(settings: plain).send(MailMessage(from: plain.from, to: to, subject: "x", text: "x"), messageID: "b@h") }
            throws: { error in (error as? SMTPFailure)?.retryable == false }
        var away = settings
        away.port = 1
        await #expect { try await SMTPClient(settings: away).send(MailMessage(from: away.from, to: to, subject: "x", text: "x"), messageID: "c@h") }
            throws: { error in
                let failure = error as? SMTPFailure
                return failure?.retryable == true && failure?.description.contains("cannot reach the mail server") == true
            }
        #expect(try MailPeer.received(for: to).count == 1, "nothing more arrived")
        #expect(!MailMessage.isAddress("a@b\r\nBcc: x@y") && !MailMessage.isAddress("<a@b>") && MailMessage.isAddress("a.b+c@d.example"))
    }

    @Test("approval asked, changes asked, approved, a failed publication: each e-mailed to whom it concerns, in their language; switched off, not sent")
    func workflow() async throws {
        let settings = try MailPeer.settings()
        try await withHerald({ $0.smtp = settings }) { app in
            // Addresses of this run only: the peer keeps every run's messages.
            let owner = try TestBrowser(app: app)
            let ownerEmail = Self.unique("owner"), editorEmail = Self.unique("editor")
            _ = try await owner.get("/setup")
            let setUp = try await owner.post("/setup", form: [
                "organization_name": "Agency", "name": "Olga Owner", "email": ownerEmail, "password": Fixtures.password,
                "workspace_name": "Acme", "time_zone": "Europe/Moscow"])
            #expect(setUp.status == .seeOther, "\(setUp.status)")
            let ownerAPI = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "owner"))
            let w = try #require((try await ownerAPI.api(.GET, "/api/v1/workspaces").json["items"] as? [[String: Any]])?.first?["id"] as? String)
            let base = "/api/v1/workspaces/\(w)"
            #expect(try await ownerAPI.api(.PATCH, "/api/v1/me", json: #"{"language":"ru"}"#).status == .ok)
            let member = try await ownerAPI.api(.POST, "\(base)/members", json: """
                {"email":"\(editorEmail)","name":"Edith Editor","password":"\(Fixtures.password)","role":"editor"}
                """)
            #expect(member.status == .created, "\(member.text)")
            let editor = try TestBrowser(app: app)
            try await Fixtures.signIn(editor, email: editorEmail)
            let editorAPI = TestBrowser.sharing(editor, token: try await Fixtures.createToken(editor, name: "editor"))
            let queue = JobQueue(owner: "mail-test", leaseSeconds: 30)
            let client = SMTPClient(settings: settings)
            func deliver() async throws -> Int { try await Mailer.deliver(queue: queue, client: client, on: app.db) }

            // The editor asks for approval: the owner hears, in Russian, with the post's link.
            let post = try await Agency.create(editorAPI, "\(base)/posts", #"{"text":"Зимняя распродажа: скидки до 30 %"}"#)
            #expect(try await editorAPI.api(.POST, "\(base)/posts/\(post)/submit").status == .ok)
            #expect(try await deliver() == 1, "one e-mail: the owner's (the editor caused it)")
            let asked = try #require(try await MailPeer.wait(for: ownerEmail, count: 1).last)
            #expect(asked.subject == "Нужно согласование в Acme: Зимняя распродажа: скидки до 30 %", "\(asked.subject)")
            #expect(asked.text.contains("Edith Editor отправляет пост в Acme на согласование"), "\(asked.text)")
            #expect(asked.text.contains("\(app.herald.baseURL)/w/\(w.lowercased())/posts/\(post.uuidString.lowercased())") && asked.text.contains("\(app.herald.baseURL)/account"), "\(app.herald.baseURL) \(asked.text)")
            #expect(asked.from == settings.from)

            // The owner asks for changes: the editor hears, in English, with the owner's words.
            #expect(try await ownerAPI.api(.POST, "\(base)/posts/\(post)/request-changes", json: #"{"comment":"Добавьте цену"}"#).status == .ok)
            #expect(try await deliver() == 1)
            let changes = try #require(try await MailPeer.wait(for: editorEmail, count: 1).last)
            #expect(changes.subject.hasPrefix("Changes asked for in Acme:") && changes.text.contains("Their words: “Добавьте цену”"), "\(changes.text)")

            // The editor switches "changes asked for" off: the next request tells no one; approval still does.
            let off = try await editorAPI.api(.PUT, "/api/v1/me/notifications", json: #"{"events":{"changes_requested":false}}"#)
            #expect(off.status == .ok && off.json["email"] as? Bool == true)
            #expect((off.json["events"] as? [String: Bool])?["changes_requested"] == false && (off.json["events"] as? [String: Bool])?["approved"] == true)
            let unknown = try await editorAPI.api(.PUT, "/api/v1/me/notifications", json: #"{"events":{"nope":true}}"#)
            #expect(unknown.status == .unprocessableEntity && unknown.apiError?.field == "events.nope")
            _ = try await editorAPI.api(.POST, "\(base)/posts/\(post)/submit")
            _ = try await ownerAPI.api(.POST, "\(base)/posts/\(post)/request-changes", json: #"{"comment":"Ещё раз"}"#)
            _ = try await editorAPI.api(.POST, "\(base)/posts/\(post)/submit")
            #expect(try await ownerAPI.api(.POST, "\(base)/posts/\(post)/approve").status == .ok)
            #expect(try await deliver() == 3, "two approval requests to the owner and the approval to the editor; no changes e-mail")
            let editorMail = try await MailPeer.wait(for: editorEmail, count: 2)
            #expect(editorMail.count == 2 && editorMail.last?.subject.hasPrefix("Approved in Acme:") == true, "\(editorMail.map(\.subject))")
            #expect(try await MailPeer.wait(for: ownerEmail, count: 3).count == 3)

            // The account page shows the switches as they are.
            let page = try await editor.get("/account")
            #expect(page.text.contains("name=\"notify_changes_requested\" value=\"1\">") && page.text.contains("name=\"notify_approved\" value=\"1\" checked>"))
            let saved = try await editor.post("/account/notifications", form: ["notify_approval_requested": "1", "notify_approved": "1",
                                                                              "notify_publication_problem": "1", "notify_changes_requested": "1"])
            #expect(saved.status == .seeOther)
            #expect((try await editorAPI.api(.GET, "/api/v1/me/notifications").json["events"] as? [String: Bool])?["changes_requested"] == true)

            // A publication the platform refuses for good: the author and the owner hear why.
            let channel = try await Agency.create(ownerAPI, "\(base)/channels", #"{"platform":"sandbox","name":"Витрина","access_token":"t"}"#)
            let failing = try await Agency.create(editorAPI, "\(base)/posts", #"{"text":"Пост, который не выйдет","channels":["\#(channel)"]}"#)
            await app.sandbox.inject(.refuse(retryable: false))
            try await Fixtures.publishNow(app, post: failing)
            #expect(try await PublicationRecord.query(on: app.db).filter(\.$post.$id == failing).first()?.stateName == "failed")
            #expect(try await deliver() == 2)
            let problem = try #require(try await MailPeer.wait(for: editorEmail, count: 3).last)
            #expect(problem.subject == "Not published on Витрина: Пост, который не выйдет", "\(problem.subject)")
            #expect(problem.text.contains("Sandbox refused the post") && problem.text.contains("sandbox: refused"), "\(problem.text)")
            let ownerProblem = try #require(try await MailPeer.wait(for: ownerEmail, count: 4).last)
            #expect(ownerProblem.subject.hasPrefix("Не опубликовано в Витрина"))
            #expect(try await deliver() == 0, "each e-mail once")

            // A CSV import into review (approval required): one e-mail for the import, not one per post.
            #expect(try await ownerAPI.api(.PATCH, base, json: #"{"approval_required":true}"#).status == .ok)
            let csv = "date,time,time_zone,channels,text\n2031-03-01,10:00,Europe/Moscow,Витрина,Первый пост\n"
                + "2031-03-02,10:00,Europe/Moscow,Витрина,Второй пост\n2031-03-03,10:00,Europe/Moscow,Витрина,Третий пост\n"
            let imported = try await editorAPI.api(.POST, "\(base)/imports", json: csv, headers: ["Content-Type": "text/csv"])
            #expect(imported.json["imported"] as? Int == 3, "\(imported.text)")
            #expect(try await deliver() == 1)
            let batch = try #require(try await MailPeer.wait(for: ownerEmail, count: 5).last)
            #expect(batch.subject == "Нужно согласование в Acme: постов — 3", "\(batch.subject)")
            #expect(batch.text.contains("• Первый пост") && batch.text.contains("/w/\(w.lowercased())/today"), "\(batch.text)")
        }
    }

    @Test("a channel whose access runs out: owners and administrators hear once, with the day and where to reconnect")
    func channelAccess() async throws {
        let settings = try MailPeer.settings()
        try await withHerald({ $0.smtp = settings }) { app in
            let owner = try TestBrowser(app: app)
            let ownerEmail = Self.unique("owner")
            _ = try await owner.get("/setup")
            _ = try await owner.post("/setup", form: ["organization_name": "Agency", "name": "Olga Owner", "email": ownerEmail,
                                                      "password": Fixtures.password, "workspace_name": "Acme", "time_zone": "Europe/Moscow"])
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "owner"))
            let w = try #require((try await api.api(.GET, "/api/v1/workspaces").json["items"] as? [[String: Any]])?.first?["id"] as? String)
            // The morning digest would come too, depending on the hour the suite runs (WaitingTests has it).
            #expect(try await api.api(.PUT, "/api/v1/me/notifications", json: #"{"events":{"daily_digest":false}}"#).status == .ok)
            let day = ISO8601DateFormatter.string(from: Date().addingTimeInterval(5 * 86_400), timeZone: .gmt, formatOptions: [.withFullDate])
            let made = try await api.api(.POST, "/api/v1/workspaces/\(w)/channels",
                                         json: #"{"platform":"sandbox","name":"Витрина","access_token":"e","expires_at":"\#(day)"}"#)
            #expect(made.status == .created, "\(made.text)")
            #expect(try await app.runtime.makeMaintenance().run(on: app.db).expiring == 1)
            #expect(try await app.runtime.makeMaintenance().run(on: app.db).expiring == 0, "noticed once")
            #expect(try await Mailer.deliver(queue: JobQueue(owner: "mail-test", leaseSeconds: 30), client: SMTPClient(settings: settings),
                                             on: app.db) == 1)
            let mail = try #require(try await MailPeer.wait(for: ownerEmail, count: 1).last)
            #expect(mail.subject == "Витрина in Acme needs reconnecting", "\(mail.subject)")
            #expect(mail.text.contains("runs out on \(day)") && mail.text.contains("/w/\(w.lowercased())/settings/channels"), "\(mail.text)")

            // Monthly reports switched on: last month's is made at once and announced, once.
            #expect(try await api.api(.PUT, "/api/v1/workspaces/\(w)/reports/settings", json: #"{"monthly":true}"#).status == .ok)
            #expect(try await app.runtime.makeMaintenance().run(on: app.db).monthlyReports == 0, "already made")
            #expect(try await Mailer.deliver(queue: JobQueue(owner: "mail-test", leaseSeconds: 30), client: SMTPClient(settings: settings),
                                             on: app.db) == 1)
            let report = try #require(try await MailPeer.wait(for: ownerEmail, count: 2).last)
            #expect(report.subject.hasPrefix("Report for Acme:") && report.text.contains("/w/\(w.lowercased())/reports/view?from="), "\(report.text)")
        }
    }

    @Test("without a mail server: nothing is queued and the account page says where to look instead")
    func withoutServer() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            #expect(try await agency.editorAPI.api(.POST, "/api/v1/workspaces/\(agency.workspaceA)/posts/\(agency.postA)/submit").status == .ok)
            let sql = try #require(app.db as? any SQLDatabase)
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM jobs WHERE kind = \(bind: Mailer.kind)").first()?.decode(column: "n", as: Int.self) == 0)
            let page = try await agency.owner.get("/account")
            #expect(page.text.contains("E-mail is not set up on this installation"))
            #expect(try await agency.ownerAPI.api(.GET, "/api/v1/me/notifications").json["email"] as? Bool == false)
        }
    }
}
