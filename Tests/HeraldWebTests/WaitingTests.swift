import FluentKit
import Foundation
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

/// Issue 12, pt 5 (in-app and the digest): what waits for a person is on the Notifications page and
/// counted by the bell on every page — posts and inbox answers to approve for those who approve,
/// their own posts sent back, inbox items assigned to them — through the API too; an editor's answer
/// waiting for approval is e-mailed to the approvers; every morning a digest says what waits, once.
@Suite("What waits for a person: the approval queue, the bell, the daily digest")
struct WaitingTests {
    static func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())@agency.test" }

    /// The bell's accessible label on a page.
    static func bell(_ html: String) -> String? {
        guard let start = html.range(of: "class=\"bell\""), let label = html[start.upperBound...].range(of: "aria-label=\"") else { return nil }
        let rest = html[label.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    @Test("a post sent for approval waits in the approvers' queue and bell, not the editor's; changes requested wait for the author until resubmitted")
    func approvalQueue() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let ownerAPI = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "owner"))
            let base = "/api/v1/workspaces/\(w)"
            for (email, role) in [("ed@agency.test", "editor"), ("vi@agency.test", "viewer")] {
                let added = try await ownerAPI.api(.POST, "\(base)/members", json: """
                    {"email":"\(email)","name":"\(role)","password":"\(Fixtures.password)","role":"\(role)"}
                    """)
                #expect(added.status == .created, "\(added.text)")
            }
            let editor = try TestBrowser(app: app)
            try await Fixtures.signIn(editor, email: "ed@agency.test")
            let editorAPI = TestBrowser.sharing(editor, token: try await Fixtures.createToken(editor, name: "ed"))
            let viewer = try TestBrowser(app: app)
            try await Fixtures.signIn(viewer, email: "vi@agency.test")
            let channel = try await Agency.create(ownerAPI, "\(base)/channels", #"{"platform":"sandbox","name":"Sandbox"}"#)

            let empty = try await owner.get("/w/\(w)/notifications")
            #expect(empty.text.contains("Nothing needs your attention.") && Self.bell(empty.text) == "Notifications — waiting for you: 0; problems: 0")
            let post = try await Agency.create(editorAPI, "\(base)/posts", #"{"text":"Winter sale starts Monday","channels":["\#(channel)"]}"#)
            #expect(try await editorAPI.api(.POST, "\(base)/posts/\(post)/submit", json: "{}").status == .ok)

            // The owner approves: the post is in their queue and bell, on any page of the workspace.
            let calendar = try await owner.get("/w/\(w)/calendar")
            #expect(Self.bell(calendar.text) == "Notifications — waiting for you: 1; problems: 0", "\(Self.bell(calendar.text) ?? "no bell")")
            let queue = try await owner.get("/w/\(w)/notifications")
            #expect(queue.text.contains("Posts waiting for your approval (1)") && queue.text.contains("Winter sale starts Monday"))
            #expect(queue.text.contains("/w/\(w)/posts/\(post)#approval") && !queue.text.contains("Nothing needs your attention."))
            let listed = try await ownerAPI.api(.GET, "\(base)/notifications")
            let waiting = try #require(listed.json["waiting"] as? [String: Any])
            #expect((waiting["counts"] as? [String: Any])?["posts_to_approve"] as? Int == 1, "\(listed.text)")
            #expect((waiting["posts_to_approve"] as? [[String: Any]])?.first?["post_id"] as? String == post.uuidString.lowercased()
                || (waiting["posts_to_approve"] as? [[String: Any]])?.first?["post_id"] as? String == post.uuidString)
            // The editor does not approve; a viewer sees neither approvals nor problems to fix.
            let editorCounts = try await editorAPI.api(.GET, "\(base)/notifications").json["waiting"] as? [String: Any]
            #expect((editorCounts?["counts"] as? [String: Any])?["posts_to_approve"] as? Int == 0)
            #expect(!(try await editor.get("/w/\(w)/notifications")).text.contains("Posts waiting for your approval"))
            #expect(Self.bell(try await viewer.get("/w/\(w)/calendar").text) == "Notifications — waiting for you: 0; problems: 0")

            // Changes requested: back to the author, with what was said, until they send it again.
            let asked = try await ownerAPI.api(.POST, "\(base)/posts/\(post)/request-changes", json: #"{"comment":"Say which shops, please"}"#)
            #expect(asked.status == .ok, "\(asked.text)")
            #expect(Self.bell(try await owner.get("/w/\(w)/calendar").text) == "Notifications — waiting for you: 0; problems: 0")
            let returned = try await editor.get("/w/\(w)/notifications")
            #expect(returned.text.contains("Sent back to you for changes (1)") && returned.text.contains("Say which shops, please"))
            #expect(returned.text.contains("Olga Owner asked for changes"))
            let today = try await editor.get("/w/\(w)/today")
            #expect(today.text.contains("Sent back to you for changes (1)") && today.text.contains("Say which shops, please"), "on the Today page too")
            #expect(Self.bell(returned.text) == "Notifications — waiting for you: 1; problems: 0")
            #expect(try await editorAPI.api(.PATCH, "/api/v1/me", json: #"{"language":"ru"}"#).status == .ok)
            #expect((try await editor.get("/w/\(w)/notifications")).text.contains("Вернули вам на доработку (1)"))
            let edited = try await editorAPI.api(.PATCH, "\(base)/posts/\(post)", json: #"{"text":"Winter sale in every shop from Monday"}"#)
            #expect(edited.status == .ok, "\(edited.text)")
            let stillReturned = try await editorAPI.api(.GET, "\(base)/notifications").json["waiting"] as? [String: Any]
            #expect((stillReturned?["counts"] as? [String: Any])?["changes_requested"] as? Int == 1, "an edit alone does not answer the request")
            #expect(try await editorAPI.api(.POST, "\(base)/posts/\(post)/submit", json: "{}").status == .ok)
            let after = try await editorAPI.api(.GET, "\(base)/notifications").json["waiting"] as? [String: Any]
            #expect((after?["counts"] as? [String: Any])?["changes_requested"] as? Int == 0)
            #expect(Self.bell(try await owner.get("/w/\(w)/today").text) == "Notifications — waiting for you: 1; problems: 0")
            #expect(try await ownerAPI.api(.POST, "\(base)/posts/\(post)/approve", json: "{}").status == .ok)
            #expect(Self.bell(try await owner.get("/w/\(w)/today").text) == "Notifications — waiting for you: 0; problems: 0")

            // Problems count for those who can fix them: a held channel.
            #expect(try await ownerAPI.api(.PATCH, "\(base)/channels/\(channel)", json: #"{"state":"paused"}"#).status == .ok)
            #expect(Self.bell(try await owner.get("/w/\(w)/today").text) == "Notifications — waiting for you: 0; problems: 1")
            #expect(Self.bell(try await viewer.get("/w/\(w)/today").text) == "Notifications — waiting for you: 0; problems: 0")

            // Pages read the switcher and the bell in one statement: the same as reading them apart,
            // for every role, with the owner in a second workspace (more than one row).
            let second = try await ownerAPI.api(.POST, "/api/v1/workspaces", json: #"{"name":"Another client","time_zone":"Europe/Moscow"}"#)
            #expect(second.status == .created, "\(second.text)")
            let another = try await Agency.create(editorAPI, "\(base)/posts", #"{"text":"Spring menu","channels":["\#(channel)"]}"#)
            #expect(try await editorAPI.api(.POST, "\(base)/posts/\(another)/submit", json: "{}").status == .ok)
            let members = try await Membership.query(on: app.db).filter(\.$workspace.$id == w).all()
            #expect(members.count == 3)
            for member in members {
                let (user, role) = (member.$user.id, Role(rawValue: member.roleName) ?? .viewer)
                let together = try await Waiting.listedWithCounts(userID: user, workspaceID: w, role: role, on: app.db)
                #expect(together.listed == (try await TenancyQueries.listed(of: user, on: app.db)), "\(role)")
                #expect(together.counts == (try await Waiting.counts(workspaceID: w, userID: user, role: role, on: app.db)), "\(role)")
                #expect(together.listed.count == (role == .owner ? 2 : 1) && (role == .viewer || together.counts.total > 0), "\(role): \(together)")
            }
        }
    }

    @Test("an editor's answer waiting for approval is e-mailed to the approvers; the morning digest goes once a day, from 08:00 in the workspace's zone")
    func replyMailAndDigest() async throws {
        let settings = try MailPeer.settings()
        try await MastodonScene.with({ $0.smtp = settings }) { scene in
            let item = try await SavedReplyTests.comment(scene)
            #expect(try await scene.api.api(.PATCH, scene.base, json: #"{"reply_approval":true}"#).status == .ok)
            let approverEmail = Self.unique("approver"), editorEmail = Self.unique("editor")
            for (email, role) in [(approverEmail, "approver"), (editorEmail, "editor")] {
                let added = try await scene.api.api(.POST, "\(scene.base)/members", json: """
                    {"email":"\(email)","name":"\(role.capitalized)","password":"\(Fixtures.password)","role":"\(role)"}
                    """)
                #expect(added.status == .created, "\(added.text)")
            }
            let editor = try TestBrowser(app: scene.app)
            try await Fixtures.signIn(editor, email: editorEmail)
            let editorAPI = TestBrowser.sharing(editor, token: try await Fixtures.createToken(editor, name: "ed"))
            let approver = try TestBrowser(app: scene.app)
            try await Fixtures.signIn(approver, email: approverEmail)
            let waiting = try await editorAPI.api(.POST, "\(scene.base)/inbox/\(item)/reply", json: #"{"text":"Завтра утром, к десяти"}"#)
            #expect(waiting.json["state"] as? String == "pending_approval", "\(waiting.text)")

            let queue = JobQueue(owner: "waiting-test", leaseSeconds: 30)
            let client = SMTPClient(settings: settings)
            while try await Mailer.deliver(queue: queue, client: client, on: scene.app.db) > 0 {}
            let mail = try #require(try await MailPeer.wait(for: approverEmail, count: 1).first)
            #expect(mail.subject == "Agency: an answer to olga waits for your approval", "\(mail.subject)")
            #expect(mail.text.contains("Завтра утром, к десяти") && mail.text.contains("/inbox?status=all#item-"), "\(mail.text)")
            #expect(try MailPeer.received(for: editorEmail).isEmpty, "not to the one who wrote it")
            let page = try await approver.get("/w/\(scene.workspace)/notifications")
            #expect(page.text.contains("Answers waiting for your approval (1)") && page.text.contains("Завтра утром, к десяти"))
            #expect(Self.bell(page.text) == "Notifications — waiting for you: 1; problems: 0")

            // The digest: not before 08:00 in Moscow, once for the day, only to those with something waiting.
            let notifier = try #require(scene.app.runtime.notifier)
            let zone = try #require(TimeZoneName("Europe/Moscow"))
            func at(_ day: Int, _ hour: Int) -> Date {
                Schedule.instant(of: LocalDateTime(year: 2026, month: 12, day: day, hour: hour, minute: 30), in: zone).date
            }
            #expect(try await notifier.dailyDigests(now: at(7, 7), on: scene.app.db) == 0, "too early")
            #expect(try await notifier.dailyDigests(now: at(7, 8), on: scene.app.db) == 1)
            #expect(try await notifier.dailyDigests(now: at(7, 11), on: scene.app.db) == 0, "once a day")
            while try await Mailer.deliver(queue: queue, client: client, now: at(7, 11), on: scene.app.db) > 0 {}
            let digest = try #require(try await MailPeer.wait(for: approverEmail, count: 2).last)
            #expect(digest.subject == "Agency: what waits for you on 2026-12-07", "\(digest.subject)")
            #expect(digest.text.contains("answers from the inbox waiting for your approval: 1") && digest.text.contains("/notifications"), "\(digest.text)")
            #expect(!digest.text.contains("posts waiting for your approval"), "nothing said of what does not wait")
            let editorDigest = try #require(try await MailPeer.wait(for: editorEmail, count: 1).last, "open conversations are the editors' to answer")
            #expect(editorDigest.text.contains("open conversations in the inbox: 1") && !editorDigest.text.contains("waiting for your approval"),
                    "\(editorDigest.text)")
            #expect(try await notifier.dailyDigests(now: at(8, 9), on: scene.app.db) == 1, "the next morning again")
        }
    }
}
