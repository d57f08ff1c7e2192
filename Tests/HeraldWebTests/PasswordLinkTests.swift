import Fluent
import Foundation
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

/// Issue 12, pt 6: invitations and "forgot password" by a link that works once and runs out; the
/// answer never says whether an address has an account; without e-mail the admin passes the link.
@Suite("Invitations and password reset")
struct PasswordLinkTests {
    /// The path of the first Herald link in `text` (`/password/…`).
    static func linkPath(in text: String, base: String) throws -> String {
        let start = try #require(text.range(of: base + "/password/"), "no link in: \(text)")
        let rest = text[start.upperBound...].prefix { !$0.isWhitespace }
        return "/password/" + rest
    }

    @Test("invited by e-mail: the link sets the password once; forgot password: the same answer for any address, limited, and a reset ends other sessions")
    func byMail() async throws {
        let settings = try MailPeer.settings()
        try await withHerald({ $0.smtp = settings }) { app in
            let agency = try await Agency.make(app)
            let base = "/api/v1/workspaces/\(agency.workspaceA)"
            let invitee = MailTests.unique("ivan")
            let added = try await agency.ownerAPI.api(.POST, "\(base)/members", json: #"{"email":"\#(invitee)","name":"Иван","role":"editor"}"#)
            #expect(added.status == .created && added.json["invitation_mailed"] as? Bool == true && added.json["invite_url"] == nil, "\(added.text)")
            let queue = JobQueue(owner: "password-test", leaseSeconds: 30)
            #expect(try await Mailer.deliver(queue: queue, client: SMTPClient(settings: settings), on: app.db) == 1)
            let invitation = try #require(try await MailPeer.wait(for: invitee, count: 1).first)
            #expect(invitation.subject == "Olga Owner invites you to Client A on Herald", "\(invitation.subject)")
            let path = try Self.linkPath(in: invitation.text, base: app.herald.baseURL)

            let visitor = try TestBrowser(app: app)
            let form = try await visitor.get(path)
            #expect(form.status == .ok && form.text.contains(invitee))
            let short = try await visitor.post(path, form: ["password": "short"])
            #expect(short.status == .unprocessableEntity && short.text.contains("aria-invalid"), "the field says why")
            let set = try await visitor.post(path, form: ["password": "a long enough password"])
            #expect(set.status == .seeOther && set.headers.first(name: .location)?.contains("/login?done=") == true)
            try await Fixtures.signIn(visitor, email: invitee, password: "a long enough password")
            #expect(try await visitor.get(path).status == .notFound, "used once")

            // Forgot password: a known and an unknown address get the same page; only the known one gets mail.
            let stranger = try TestBrowser(app: app)
            _ = try await stranger.get("/password/forgot")
            let known = try await stranger.post("/password/forgot", form: ["email": invitee])
            let unknown = try await stranger.post("/password/forgot", form: ["email": MailTests.unique("nobody")])
            #expect(known.status == .ok && unknown.status == .ok)
            #expect(known.text.contains("If an account uses that address") && unknown.text.contains("If an account uses that address"))
            #expect(try await Mailer.deliver(queue: queue, client: SMTPClient(settings: settings), on: app.db) == 1)
            let reset = try #require(try await MailPeer.wait(for: invitee, count: 2).last)
            #expect(reset.subject == "Set a new password for Herald")
            _ = try await stranger.post("/password/forgot", form: ["email": invitee])
            _ = try await stranger.post("/password/forgot", form: ["email": invitee])
            let limited = try await stranger.post("/password/forgot", form: ["email": invitee])
            #expect(limited.status == .tooManyRequests, "three an hour per address")
            let bad = try await stranger.post("/password/forgot", form: ["email": "not an address"])
            #expect(bad.status == .unprocessableEntity)

            // Each request made a new link and ended the one before: only the latest e-mail's link works.
            #expect(try await Mailer.deliver(queue: queue, client: SMTPClient(settings: settings), on: app.db) == 2)
            let latest = try #require(try await MailPeer.wait(for: invitee, count: 4).last)
            let stale = try Self.linkPath(in: reset.text, base: app.herald.baseURL)
            #expect(try await stranger.get(stale).status == .notFound, "an earlier reset link stops working")

            // The reset: the signed-in session ends, the new password works, the old one does not.
            let resetPath = try Self.linkPath(in: latest.text, base: app.herald.baseURL)
            #expect(try await stranger.post(resetPath, form: ["password": "another long password"]).status == .seeOther)
            #expect(try await visitor.get("/account").status == .seeOther, "signed out everywhere")
            await #expect(throws: (any Error).self) { try await Fixtures.signIn(visitor, email: invitee, password: "a long enough password") }
            try await Fixtures.signIn(visitor, email: invitee, password: "another long password")
        }
    }

    @Test("without e-mail: the invitation link is shown once to the admin; a password link for a member; rules on who may make one; links run out")
    func withoutMail() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let base = "/api/v1/workspaces/\(agency.workspaceA)"
            let added = try await agency.ownerAPI.api(.POST, "\(base)/members", json: #"{"email":"maria@agency.test","name":"Мария","role":"viewer"}"#)
            let url = try #require(added.json["invite_url"] as? String, "\(added.text)")
            #expect(added.json["invitation_mailed"] as? Bool == false)
            let path = String(url.dropFirst(app.herald.baseURL.count))
            let maria = try TestBrowser(app: app)
            #expect(try await maria.get(path).status == .ok)

            // The page shows the link once, in a notice; the forgot page says to ask an admin.
            let page = try await agency.owner.post("/w/\(agency.workspaceA)/settings/members",
                                                   form: ["email": "petr@agency.test", "name": "Пётр", "role": "viewer"])
            #expect(page.status == .created && page.text.contains("Pass this link to petr@agency.test"), "\(page.status)")
            #expect(try await maria.get("/password/forgot").text.contains("ask an administrator"))

            // A password link for a member (API and page); an editor may not make one.
            let mariaID = try #require((try await agency.ownerAPI.api(.GET, "\(base)/members").json["items"] as? [[String: Any]])?
                .first { $0["email"] as? String == "maria@agency.test" }?["user_id"] as? String)
            let shown = try await agency.owner.post("/w/\(agency.workspaceA)/settings/members/\(mariaID)/password-link", form: [:])
            #expect(shown.status == .ok && shown.text.contains("it sets a new password, once, within an hour"))
            // The API's link is made after the page's, so it is the reset link that works.
            let link = try await agency.ownerAPI.api(.POST, "\(base)/members/\(mariaID)/password-link")
            #expect(link.status == .ok && link.json["expires_in_seconds"] as? Int == 3600)
            #expect(try await maria.get(path).status == .ok, "making a reset link leaves the invitation working")
            let denied = try await agency.editorAPI.api(.POST, "\(base)/members/\(mariaID)/password-link")
            #expect(denied.status == .forbidden || denied.status == .notFound, "\(denied.status)")
            // An administrator makes links for members, not for an owner.
            _ = try await agency.ownerAPI.api(.POST, "\(base)/members", json: """
                {"email":"adam@agency.test","name":"Adam","password":"\(Fixtures.password)","role":"admin"}
                """)
            let adam = try TestBrowser(app: app)
            try await Fixtures.signIn(adam, email: "adam@agency.test")
            let adamAPI = TestBrowser.sharing(adam, token: try await Fixtures.createToken(adam, name: "adam"))
            let ownerID = try #require((try await agency.ownerAPI.api(.GET, "\(base)/members").json["items"] as? [[String: Any]])?
                .first { $0["email"] as? String == Fixtures.ownerEmail }?["user_id"] as? String)
            #expect(try await adamAPI.api(.POST, "\(base)/members/\(ownerID)/password-link").status == .forbidden)
            #expect(try await adamAPI.api(.POST, "\(base)/members/\(agency.editorID)/password-link").status == .ok, "an editor's: yes")

            // An hour later the reset link is dead; the invitation lives seven days.
            let resetToken = try #require((link.json["url"] as? String)?.split(separator: "/").last.map(String.init))
            let inviteToken = try #require(path.split(separator: "/").last.map(String.init))
            #expect(try await PasswordLinks.open(resetToken, now: Date().addingTimeInterval(3700), on: app.db) == nil)
            #expect(try await PasswordLinks.open(inviteToken, now: Date().addingTimeInterval(6 * 86_400), on: app.db) != nil)
            #expect(try await PasswordLinks.open(inviteToken, now: Date().addingTimeInterval(8 * 86_400), on: app.db) == nil)
            #expect(try await maria.get("/password/not-a-token").status == .notFound)

            // Using one link ends the others: the reset sets the password, the invitation no longer can.
            #expect(try await maria.post("/password/\(resetToken)", form: ["password": "maria's own password"]).status == .seeOther)
            #expect(try await maria.get(path).status == .notFound, "the invitation ended with the reset")
        }
    }
}
