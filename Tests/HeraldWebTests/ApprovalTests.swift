import HeraldApp
import Fluent
import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

@Suite("Approvals")
struct ApprovalTests {
    @Test("draft → in review → approved → scheduled, by role, every step in the audit log")
    func flow() async throws {
        try await withHerald { app in
            let team = try await RolePermissionTests.team(app)
            let w = "/api/v1/workspaces/\(team.workspace)"
            let owner = team.api[.owner]!, editor = team.api[.editor]!, approver = team.api[.approver]!
            _ = try await owner.api(.PATCH, w, json: #"{"approval_required":true}"#)
            let channel = try await Agency.create(owner, "\(w)/channels", #"{"platform":"sandbox","name":"Sandbox","access_token":"t"}"#)
            let post = try await Agency.create(editor, "\(w)/posts", #"{"text":"Весна","channels":["\#(channel)"]}"#)

            let early = try await editor.api(.POST, "\(w)/posts/\(post)/schedule", json: #"{"date":"2027-06-01","time":"09:00"}"#)
            #expect(early.status == .conflict && early.apiError?.code == "needs_approval")
            #expect(try await approver.api(.POST, "\(w)/posts/\(post)/submit").status == .unprocessableEntity, "approvers do not write")
            #expect(try await editor.api(.POST, "\(w)/posts/\(post)/submit").json["status"] as? String == "in_review")
            let selfApprove = try await editor.api(.POST, "\(w)/posts/\(post)/approve")
            #expect(selfApprove.apiError?.code == "transition_not_allowed")
            let noReason = try await approver.api(.POST, "\(w)/posts/\(post)/request-changes", json: #"{"comment":"  "}"#)
            #expect(noReason.apiError?.field == "comment")
            let changes = try await approver.api(.POST, "\(w)/posts/\(post)/request-changes", json: #"{"comment":"Добавьте цену"}"#)
            #expect(changes.json["status"] as? String == "draft")
            _ = try await editor.api(.PATCH, "\(w)/posts/\(post)", json: #"{"text":"Весна — от 990 ₽"}"#)
            _ = try await editor.api(.POST, "\(w)/posts/\(post)/submit")
            #expect(try await approver.api(.POST, "\(w)/posts/\(post)/approve", json: #"{"comment":"Отлично"}"#).json["status"] as? String == "approved")
            #expect(try await editor.api(.POST, "\(w)/posts/\(post)/schedule", json: #"{"date":"2027-06-01","time":"09:00"}"#).status == .ok)

            // Changing the text of a scheduled post takes it back to draft and off the schedule.
            let edited = try await editor.api(.PATCH, "\(w)/posts/\(post)", json: #"{"text":"Весна — от 890 ₽"}"#)
            #expect(edited.json["status"] as? String == "draft")
            #expect(edited.json["scheduled_at"] == nil || edited.json["scheduled_at"] is NSNull)

            let events = try await owner.api(.GET, "\(w)/posts/\(post)/events")
            let log = (events.json["items"] as? [[String: Any]] ?? []).map { "\($0["action"]!):\($0["actor_name"]!)" }
            #expect(log == ["created:editor", "submit:editor", "request_changes:approver", "submit:editor", "approve:approver",
                            "scheduled:editor", "edited:editor"])
            let reason = (events.json["items"] as? [[String: Any]])?[2]["comment"] as? String
            #expect(reason == "Добавьте цену")
        }
    }

    @Test("the client link: previews without an account, approve with a name; forged and expired links refused")
    func clientLink() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let base = "/api/v1/workspaces/\(s.workspace)"
            let post = try await Agency.create(s.api, "\(base)/posts", #"{"text":"Весна #скидки https://shop.ru","channels":["\#(s.vk)"]}"#)
            _ = try await s.api.api(.POST, "\(base)/posts/\(post)/submit")
            let link = try await s.api.api(.POST, "\(base)/posts/\(post)/approval-link")
            let url = try #require(link.json["url"] as? String)
            let path = String(url[url.range(of: "/approve/")!.lowerBound...])

            let client = try TestBrowser(app: app)
            let page = try await client.get(path)
            #expect(page.status == .ok)
            #expect(page.text.contains("<span class=\"tag\">#скидки</span>"))
            #expect(page.text.contains("href=\"https://shop.ru\""))
            #expect(page.text.contains("VK group"))
            let nameless = try await client.post(path, form: ["action": "approve", "name": ""])
            #expect(nameless.status == .unprocessableEntity)
            let approved = try await client.post(path, form: ["action": "approve", "name": "Иван (клиент)", "comment": "Да"])
            // answered by redirect: a reload does not send it again, the boxes come back empty
            #expect(approved.status == .seeOther && approved.location == path + "?done=approvalThanks")
            let thanks = try await client.get(try #require(approved.location))
            #expect(thanks.text.contains("Thank you, your answer was recorded."))
            #expect(thanks.text.contains("<textarea id=\"comment\" name=\"comment\" rows=\"3\"></textarea>"))
            let stored = try #require(try await Post.find(post, on: app.db))
            #expect(stored.status == .approved)
            let events = try await PostEvent.query(on: app.db).filter(\.$action == "approve").all()
            #expect(events.map(\.actorName) == ["Иван (клиент)"] && events.first?.$actor.id == nil)
            #expect(try await client.post(path, form: ["action": "approve", "name": "Иван"]).status == .unprocessableEntity,
                    "cannot approve twice")

            let forged = path.dropLast(3) + "abc"
            let forgedPage = try await client.get(String(forged))
            #expect(forgedPage.text.contains("is no longer valid") && forgedPage.text.contains("<h1>This cannot be done</h1>")
                    && !forgedPage.text.contains("Unprocessable"), "said in words, not as an HTTP reason phrase")
            let parts = path.split(separator: "/")
            let expired = "/approve/\(parts[1])/1000000000/\(parts[3])"
            #expect(try await client.get(expired).status == .unprocessableEntity)
        }
    }

    @Test("the client's page shows times in the workspace's zone, not UTC")
    func clientTimes() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let base = "/api/v1/workspaces/\(s.workspace)"
            _ = try await s.api.api(.PATCH, base, json: #"{"time_zone":"Asia/Tokyo"}"#)
            let post = try await Agency.create(s.api, "\(base)/posts", #"{"text":"Время","channels":["\#(s.vk)"]}"#)
            _ = try await s.api.api(.POST, "\(base)/posts/\(post)/submit")
            let url = try #require(try await s.api.api(.POST, "\(base)/posts/\(post)/approval-link").json["url"] as? String)
            let page = try await TestBrowser(app: app).get(String(url[url.range(of: "/approve/")!.lowerBound...]))
            let submitted = try #require(try await PostEvent.query(on: app.db).filter(\.$action == "submit").first()?.createdAt)
            let tokyo = try #require(TimeZoneName("Asia/Tokyo"))
            #expect(page.text.contains(DateDisplay.dateTime(submitted, in: tokyo, language: .en)))
            #expect(!page.text.contains(DateDisplay.dateTime(submitted, in: .utc, language: .en)))
        }
    }

    @Test("a client link approves only the version it was made for: an edit or a revocation ends it")
    func boundToContent() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let base = "/api/v1/workspaces/\(s.workspace)"
            let post = try await Agency.create(s.api, "\(base)/posts", #"{"text":"Первая версия","channels":["\#(s.vk)"]}"#)
            _ = try await s.api.api(.POST, "\(base)/posts/\(post)/submit")
            func path() async throws -> String {
                let url = try #require(try await s.api.api(.POST, "\(base)/posts/\(post)/approval-link").json["url"] as? String)
                return String(url[url.range(of: "/approve/")!.lowerBound...])
            }
            let client = try TestBrowser(app: app)
            let first = try await path()
            #expect(try await client.get(first).status == .ok)
            // The post is edited and sent for approval again: the old link no longer approves.
            #expect(try await s.api.api(.PATCH, "\(base)/posts/\(post)", json: #"{"text":"Вторая версия"}"#).status == .ok)
            _ = try await s.api.api(.POST, "\(base)/posts/\(post)/submit")
            let stale = try await client.post(first, form: ["action": "approve", "name": "Иван"])
            #expect(stale.status == .unprocessableEntity && stale.text.contains("is no longer valid"))
            #expect(try await Post.find(post, on: app.db)?.status == .inReview)
            // A new link works until it is revoked.
            let second = try await path()
            #expect(try await client.get(second).status == .ok)
            #expect(try await s.api.api(.DELETE, "\(base)/posts/\(post)/approval-link").status == .noContent)
            #expect(try await client.get(second).status == .unprocessableEntity)
            let third = try await path()
            #expect(try await client.post(third, form: ["action": "approve", "name": "Иван"]).status == .seeOther)
            #expect(try await Post.find(post, on: app.db)?.status == .approved)
        }
    }

    @Test("the post page shows previews, status, thread and the actions of the role")
    func webPanel() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let owner = try TestBrowser(app: app)
            try await Fixtures.signIn(owner, email: Fixtures.ownerEmail)
            let post = try await Agency.create(s.api, "/api/v1/workspaces/\(s.workspace)/posts",
                                               #"{"text":"Привет @acme #весна","channels":["\#(s.bluesky)"]}"#)
            let page = try await owner.get("/w/\(s.workspace)/posts/\(post)")
            #expect(page.text.contains("<span class=\"mention\">@acme</span>"))
            #expect(page.text.contains("Send for approval"))
            let submitted = try await owner.post("/w/\(s.workspace)/posts/\(post)/submit")
            #expect(submitted.status == .seeOther)
            let comment = try await owner.post("/w/\(s.workspace)/posts/\(post)/comment", form: ["comment": ""])
            #expect(comment.status == .unprocessableEntity)
            #expect(comment.text.contains("Say what should change."))
            let after = try await owner.get("/w/\(s.workspace)/posts/\(post)")
            #expect(after.text.contains("In review") && after.text.contains("sent for approval"))
            #expect(try await owner.post("/w/\(s.workspace)/posts/\(post)/bogus").status == .notFound)
        }
    }
}
