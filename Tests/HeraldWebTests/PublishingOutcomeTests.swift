import HeraldApp
import Fluent
import Foundation
import HeraldCore
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

@Suite("Publishing outcomes are visible")
struct PublishingOutcomeTests {
    @Test("published and failed publications show on the post, in the API and in notifications")
    func outcomes() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let channel = try await Agency.create(api, "/api/v1/workspaces/\(w)/channels", #"{"platform":"sandbox","name":"Sandbox","access_token":"t"}"#)
            let good = try await Agency.create(api, "/api/v1/workspaces/\(w)/posts", #"{"text":"Хороший пост","channels":["\#(channel)"]}"#)
            let bad = try await Agency.create(api, "/api/v1/workspaces/\(w)/posts", #"{"text":"Плохой пост","channels":["\#(channel)"]}"#)
            let now = Date()
            for id in [good, bad] {
                let post = try #require(try await Post.find(id, on: app.db))
                post.statusName = "scheduled"
                post.scheduledAt = now.addingTimeInterval(-60)
                try await post.save(on: app.db)
            }
            let worker = app.runtime.makeWorker(database: app.runtime.database)
            try await Scheduler.tick(now: now, on: app.db)
            // The first job taken is refused for good, the second goes out.
            await app.sandbox.inject(.refuse(retryable: false))
            try await worker.publisher.runOnce(limit: 1, now: now, on: app.db)
            try await worker.publisher.runOnce(limit: 1, now: now, on: app.db)
            let states = try await PublicationRecord.query(on: app.db).all().map(\.stateName).sorted()
            #expect(states == ["failed", "published"])

            let failedPost = try #require(try await PublicationRecord.query(on: app.db).filter(\.$stateName == "failed").first()).$post.id
            let notifications = try await owner.get("/w/\(w)/notifications")
            #expect(notifications.text.contains("failed: Sandbox refused the post. Edit it and schedule it again."))
            #expect(notifications.text.contains("Sandbox said: “sandbox: refused”"), "the platform's words, quoted")
            let page = try await owner.get("/w/\(w)/posts/\(failedPost)")
            #expect(page.text.contains("Publishing") && page.text.contains("failed: Sandbox refused the post."))
            let publishedPost = failedPost == good ? bad : good
            let detail = try await api.api(.GET, "/api/v1/workspaces/\(w)/posts/\(publishedPost)")
            let publication = (detail.json["targets"] as? [[String: Any]])?.first?["publication"] as? [String: Any]
            #expect(publication?["state"] as? String == "published")
            #expect((publication?["remote_id"] as? String)?.hasPrefix("sandbox-") == true)
        }
    }

    @Test("an edit or reschedule takes back what was queued; a published post cannot change (409) and says so")
    func withdrawal() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let channel = try await Agency.create(api, "/api/v1/workspaces/\(w)/channels", #"{"platform":"sandbox","name":"Sandbox","access_token":"t"}"#)
            let post = try await Agency.create(api, "/api/v1/workspaces/\(w)/posts", #"{"text":"Первая версия","channels":["\#(channel)"]}"#)
            let due = Date().addingTimeInterval(120)
            let local = Schedule.local(due, in: .utc)
            let body = #"{"date":"\#(local.dateString)","time":"\#(local.timeString)","time_zone":"UTC"}"#
            #expect(try await api.api(.POST, "/api/v1/workspaces/\(w)/posts/\(post)/schedule", json: body).status == .ok)
            let scheduledAt = try #require(try await Post.find(post, on: app.db)?.scheduledAt)
            // Due within the lookahead: queued ahead of time.
            #expect(try await Scheduler.tick(now: scheduledAt.addingTimeInterval(-30), on: app.db) == 1)
            #expect(try await PublicationRecord.query(on: app.db).count() == 1)

            // Editing the text takes the queued publication and job back.
            let edit = try await api.api(.PATCH, "/api/v1/workspaces/\(w)/posts/\(post)", json: #"{"text":"Вторая версия"}"#)
            #expect(edit.status == .ok)
            #expect(try await PublicationRecord.query(on: app.db).count() == 0)
            #expect(try await JobStore.counts(on: app.db)["queued"] == nil)

            // Scheduled again, it goes out with the new text — once.
            #expect(try await Scheduler.tick(now: scheduledAt, on: app.db) == 1)
            try await app.runtime.makeWorker(database: app.runtime.database).publisher.runOnce(now: scheduledAt, on: app.db)
            #expect(try await PublicationRecord.query(on: app.db).first()?.stateName == "published")
            let detail = try await api.api(.GET, "/api/v1/workspaces/\(w)/posts/\(post)")
            #expect(detail.json["status"] as? String == "published")
            let events = try await PostEvent.query(on: app.db).filter(\.$post.$id == post).sort(\.$createdAt).all()
            #expect(events.last?.action == PostEvent.published && events.last?.actorName == "Herald"
                    && events.filter { $0.action == PostEvent.published }.count == 1, "its history says it went out, once: \(events.map(\.action))")
            let page = try await owner.get("/w/\(w)/posts/\(post)")
            #expect(page.text.contains("<strong>Herald</strong> published on every channel"), "and so does its page")

            // Now it cannot change, and the answer says why.
            let refused = try await api.api(.PATCH, "/api/v1/workspaces/\(w)/posts/\(post)", json: #"{"text":"Третья версия"}"#)
            #expect(refused.status == .conflict)
            #expect(((refused.json["error"] as? [String: Any])?["code"] as? String) == "already_published")
            let unschedule = try await api.api(.POST, "/api/v1/workspaces/\(w)/posts/\(post)/unschedule")
            #expect(unschedule.status == .conflict)
            #expect(try await Post.find(post, on: app.db)?.text == "Вторая версия")
        }
    }
}
