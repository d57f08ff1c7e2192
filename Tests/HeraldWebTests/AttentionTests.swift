import HeraldApp
import Fluent
import Foundation
import HeraldCore
import HeraldJobs
import HeraldStore
@testable import HeraldWeb
import HeraldTestSupport
import Testing
import Vapor

/// What needs a person: channels to reconnect or resume, credentials to renew, posts the sweep
/// found late, publications to retry — on the pages, in the API, in both languages.
@Suite("Attention: channels, credentials, the sweep, retries, webhook settings")
struct AttentionTests {
    struct Setup {
        let app: Application
        let owner: TestBrowser
        let api: TestBrowser
        let workspace: UUID
        var w: String { "/api/v1/workspaces/\(workspace)" }

        func channel(_ body: String) async throws -> UUID {
            try await Agency.create(api, "\(w)/channels", body)
        }

        /// A Sandbox channel "Held", paused through the API: its posts wait past their time.
        func pausedChannel() async throws -> UUID {
            let channel = try await self.channel(#"{"platform":"sandbox","name":"Held","access_token":"h"}"#)
            #expect(try await api.api(.PATCH, "\(w)/channels/\(channel)", json: #"{"state":"paused"}"#).status == .ok)
            return channel
        }

        /// A post on `channel`, scheduled `minutes` from now (negative: in the past).
        func post(_ text: String, channel: UUID, minutes: Double) async throws -> UUID {
            let id = try await Agency.create(api, "\(w)/posts", #"{"text":"\#(text)","channels":["\#(channel)"]}"#)
            let post = try #require(try await Post.find(id, on: app.db))
            post.statusName = PostStatus.scheduled.rawValue
            post.scheduledAt = Date().addingTimeInterval(minutes * 60)
            post.scheduledLocal = Schedule.local(post.scheduledAt!, in: .utc).description
            post.scheduledZone = "UTC"
            try await post.save(on: app.db)
            return id
        }

        func publish(at now: Date = Date()) async throws {
            try await Scheduler.tick(now: now, on: app.db)
            try await app.runtime.makeWorker(database: app.runtime.database).publisher.runOnce(limit: 100, now: now, on: app.db)
        }
    }

    static func setup(_ app: Application) async throws -> Setup {
        let owner = try TestBrowser(app: app)
        let workspace = try await Fixtures.setUpOwner(owner)
        let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
        return Setup(app: app, owner: owner, api: api, workspace: workspace)
    }

    static func day(_ offset: Double) -> String {
        Date().addingTimeInterval(offset * 86_400).formatted(Date.ISO8601FormatStyle().year().month().day())
    }

    @Test("credentials: refreshed ahead of expiry when the platform can; warned days ahead when not; expired ones need reconnecting")
    func credentials() async throws {
        try await withHerald { app in
            let s = try await Self.setup(app)
            let refreshable = try await s.channel(#"{"platform":"sandbox","name":"Refreshable","access_token":"r","refresh_token":"rt","expires_at":"\#(Self.day(2))"}"#)
            let expiring = try await s.channel(#"{"platform":"sandbox","name":"Expiring","access_token":"e","expires_at":"\#(Self.day(5))"}"#)
            // An expired token is refused when connecting; this one expired after it was connected.
            let expired = try await s.channel(#"{"platform":"sandbox","name":"Expired","access_token":"x","expires_at":"\#(Self.day(3))"}"#)
            let lapsed = try #require(try await SocialChannel.find(expired, on: app.db))
            lapsed.credentialExpiresAt = Date().addingTimeInterval(-86_400)
            try await lapsed.save(on: app.db)
            let refused = try await s.api.api(.POST, "\(s.w)/channels",
                                              json: #"{"platform":"sandbox","name":"Old","access_token":"o","expires_at":"\#(Self.day(-1))"}"#)
            #expect(refused.status == .unprocessableEntity && refused.apiError?.code == "credential_refused")
            let bad = try await s.api.api(.POST, "\(s.w)/channels", json: #"{"platform":"sandbox","name":"B","access_token":"x","expires_at":"soon"}"#)
            #expect(bad.status == .unprocessableEntity && (bad.json["error"] as? [String: Any])?["field"] as? String == "expires_at")

            let report = try await app.runtime.makeMaintenance().run(on: app.db)
            #expect(report.refreshed == 1 && report.expiring == 1 && report.expired == 1)
            let fresh = try #require(try await SocialChannel.find(refreshable, on: app.db)?.credentialExpiresAt)
            #expect(fresh > Date().addingTimeInterval(50 * 86_400), "refreshed for another 60 days")
            #expect(try await SocialChannel.find(expired, on: app.db)?.state == .needsReconnect)
            #expect(try await SocialChannel.find(expiring, on: app.db)?.state == .active)
            let again = try await app.runtime.makeMaintenance().run(on: app.db)
            #expect(again.expiring == 0 && again.expired == 0, "each finding is noticed once")

            let attention = try await s.api.api(.GET, "\(s.w)/notifications")
            let notices = try #require(attention.json["notices"] as? [[String: Any]])
            #expect(notices.compactMap { $0["kind"] as? String }.sorted() == ["credential_expired", "credential_expiring"])
            #expect(notices.contains { ($0["message"] as? String)?.contains("cannot be renewed automatically") == true })
            let channels = try #require(attention.json["channels"] as? [[String: Any]])
            #expect(channels.map { $0["name"] as? String } == ["Expired"])

            let page = try await s.owner.get("/w/\(s.workspace)/notifications")
            #expect(page.text.contains("Channels that need attention") && page.text.contains("Needs reconnecting"))
            #expect(page.text.contains("The access of “Expiring” expires on"))
            // Dismissing a notice.
            let id = try #require(notices.first { $0["kind"] as? String == "credential_expiring" }?["id"] as? String)
            #expect(try await s.api.api(.POST, "\(s.w)/notices/\(id)/dismiss").status == .noContent)
            let after = try await s.api.api(.GET, "\(s.w)/notifications")
            #expect((after.json["notices"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test("a running worker looks for late posts every few minutes, not only in its hourly round")
    func frequentSweep() async throws {
        try await withHerald { app in
            let s = try await Self.setup(app)
            let channel = try await s.pausedChannel()
            var worker = app.runtime.makeWorker(database: app.runtime.database)
            worker.missedInterval = .milliseconds(100)
            let running = Task { [worker] in await worker.run() }
            // Its first round (the hourly one, which sweeps too) is over before the late post exists.
            while try await WorkerBeats.read(on: app.db).seen == nil { try await Task.sleep(for: .milliseconds(50)) }
            try await Task.sleep(for: .seconds(2))
            let post = try await s.post("Late post", channel: channel, minutes: -60)
            var noticed = false
            for _ in 0..<100 where !noticed {
                try await Task.sleep(for: .milliseconds(100))
                noticed = try await Notice.query(on: app.db).filter(\.$kindName == "missed_post").filter(\.$post.$id == post).count() == 1
            }
            running.cancel()
            await running.value
            #expect(noticed, "told within seconds here (every five minutes by default), not in an hour")
        }
    }

    @Test("the sweep reports a post that should have gone out and did not, and resolves it once it has")
    func sweep() async throws {
        try await withHerald { app in
            let s = try await Self.setup(app)
            let channel = try await s.pausedChannel()
            let post = try await s.post("Late post", channel: channel, minutes: -60)
            try await s.publish()
            let held = try await s.owner.get("/w/\(s.workspace)/posts/\(post)")
            #expect(held.text.contains("waiting until") && held.text.contains("the channel is paused"))
            let detail = try await s.api.api(.GET, "\(s.w)/posts/\(post)")
            let publication = (detail.json["targets"] as? [[String: Any]])?.first?["publication"] as? [String: Any]
            #expect(publication?["held_reason"] as? String == "the channel is paused" && publication?["held_until"] != nil)
            let report = try await app.runtime.makeMaintenance().run(on: app.db)
            #expect(report.missed == 1)
            #expect(try await app.runtime.makeMaintenance().run(on: app.db).missed == 0, "found once")
            let page = try await s.owner.get("/w/\(s.workspace)/notifications")
            #expect(page.text.contains("not out on every channel yet") && page.text.contains("Late post"))

            // Resumed, it goes out; the next sweep resolves the notice.
            #expect(try await s.api.api(.PATCH, "\(s.w)/channels/\(channel)", json: #"{"state":"active"}"#).status == .ok)
            // The held job was put back for the paused-channel recheck (5 minutes).
            try await s.publish(at: Date().addingTimeInterval(301))
            #expect(try await Post.find(post, on: app.db)?.status == .published)
            #expect(try await app.runtime.makeMaintenance().run(on: app.db).resolved == 1)
            let after = try await s.api.api(.GET, "\(s.w)/notifications")
            #expect((after.json["notices"] as? [[String: Any]])?.isEmpty == true)
        }
    }

    @Test("channel controls over the API: pause/resume, budgets with clear errors; reconnecting retries what failed for want of access")
    func channelControls() async throws {
        try await withHerald { app in
            let s = try await Self.setup(app)
            let channel = try await s.channel(#"{"platform":"sandbox","name":"Main","access_token":"m"}"#)
            var answer = try await s.api.api(.PATCH, "\(s.w)/channels/\(channel)", json: #"{"budget_count":5,"budget_hours":2}"#)
            #expect(answer.status == .ok)
            let budget = try #require(answer.json["budget"] as? [String: Any])
            #expect(budget["count"] as? Int == 5 && budget["hours"] as? Double == 2 && budget["custom"] as? Bool == true)
            answer = try await s.api.api(.PATCH, "\(s.w)/channels/\(channel)", json: #"{"budget_count":-1}"#)
            #expect((answer.json["budget"] as? [String: Any])?["unlimited"] as? Bool == true)
            let page = try await s.owner.get("/w/\(s.workspace)/settings/channels")
            #expect(page.text.contains("no limit"))
            answer = try await s.api.api(.PATCH, "\(s.w)/channels/\(channel)", json: #"{"budget_count":0}"#)
            #expect((answer.json["budget"] as? [String: Any])?["custom"] as? Bool == false)
            #expect((answer.json["budget"] as? [String: Any])?["count"] as? Int == 10_000, "the Sandbox default")
            for (body, field) in [(#"{"state":"needs_reconnect"}"#, "state"), (#"{"budget_count":5}"#, "budget_hours"),
                                  (#"{"budget_count":5,"budget_hours":9999}"#, "budget_hours"), (#"{"budgets":1}"#, "budgets")] {
                let refused = try await s.api.api(.PATCH, "\(s.w)/channels/\(channel)", json: body)
                #expect([422, 400].contains(refused.status.code), "\(body)")
                #expect((refused.json["error"] as? [String: Any])?["field"] as? String == field, "\(body)")
            }

            // The platform revokes the token: the post fails saying "reconnect"; reconnecting sends it.
            let post = try await s.post("Needs a fresh token", channel: channel, minutes: -1)
            await app.sandbox.inject(.unauthorized, credential: "m")
            try await s.publish()
            let failed = try #require(try await PublicationRecord.query(on: app.db).filter(\.$post.$id == post).first())
            #expect(failed.stateName == "failed" && failed.problem == .needsReconnect)
            let notifications = try await s.owner.get("/w/\(s.workspace)/notifications")
            #expect(notifications.text.contains("“Main”. Reconnect it in Settings → Channels; what failed is retried."))
            let channelsPage = try await s.owner.get("/w/\(s.workspace)/settings/channels")
            #expect(channelsPage.text.contains("Needs reconnecting") && channelsPage.text.contains("revoked"))
            let bad = try await s.api.api(.POST, "\(s.w)/channels/\(channel)/reconnect", json: #"{"access_token":""}"#)
            #expect(bad.status == .unprocessableEntity)
            let reconnected = try await s.api.api(.POST, "\(s.w)/channels/\(channel)/reconnect", json: #"{"access_token":"m2"}"#)
            #expect(reconnected.status == .ok && reconnected.json["state"] as? String == "active")
            #expect(try await PublicationRecord.find(failed.id, on: app.db)?.stateName == "scheduled")
            try await s.publish()
            #expect(try await PublicationRecord.find(failed.id, on: app.db)?.stateName == "published")
        }
    }

    @Test("retry a failed publication from the post page and the API; the calendar marks the failure; only failed ones retry")
    func retry() async throws {
        try await withHerald { app in
            let s = try await Self.setup(app)
            let channel = try await s.channel(#"{"platform":"sandbox","name":"Main","access_token":"m"}"#)
            let post = try await s.post("Will fail once", channel: channel, minutes: -1)
            await app.sandbox.inject(.refuse(retryable: false))
            try await s.publish()
            let publication = try #require(try await PublicationRecord.query(on: app.db).first())
            #expect(publication.stateName == "failed")
            let calendar = try await s.owner.get("/w/\(s.workspace)/calendar?view=list")
            #expect(calendar.text.contains("entry status-scheduled problem") && calendar.text.contains("Did not go out on every channel"))

            let page = try await s.owner.get("/w/\(s.workspace)/posts/\(post)")
            let retryPath = "/w/\(s.workspace)/posts/\(post)/publications/\(publication.id!)/retry"
            #expect(page.text.contains(retryPath))
            let retried = try await s.owner.post(retryPath, form: [:])
            #expect(retried.status == .seeOther)
            try await s.publish()
            #expect(try await PublicationRecord.find(publication.id, on: app.db)?.stateName == "published")
            let again = try await s.api.api(.POST, "\(s.w)/posts/\(post)/publications/\(publication.id!)/retry")
            #expect(again.status == .conflict)
            #expect(try await Post.find(post, on: app.db)?.status == .published)
        }
    }

    @Test("webhook settings: the secret is shown once, rotated on request; bad URLs named; only owners and admins")
    func webhookSettings() async throws {
        try await withHerald { app in
            let s = try await Self.setup(app)
            let bad = try await s.api.api(.PUT, "\(s.w)/webhook", json: #"{"url":"ftp://example.com/hook"}"#)
            #expect(bad.status == .unprocessableEntity && (bad.json["error"] as? [String: Any])?["field"] as? String == "url")
            let first = try await s.api.api(.PUT, "\(s.w)/webhook", json: #"{"url":"https://203.0.113.10/herald"}"#)
            let secret = try #require(first.json["secret"] as? String)
            #expect(secret.count == 64)
            #expect(try await s.api.api(.GET, "\(s.w)/webhook").json["secret"] == nil)
            #expect(try await s.api.api(.PUT, "\(s.w)/webhook", json: #"{"url":"https://203.0.113.10/v2"}"#).json["secret"] == nil)
            let rotated = try await s.api.api(.PUT, "\(s.w)/webhook", json: #"{"url":"https://203.0.113.10/v2","rotate_secret":true}"#)
            #expect((rotated.json["secret"] as? String).map { $0 != secret } == true)
            let workspace = try #require(try await Workspace.find(s.workspace, on: app.db))
            #expect(try workspace.openWebhookSecret(with: app.secretBox) == rotated.json["secret"] as? String)

            // The page shows a new secret once, in Russian too.
            let page = try await s.owner.post("/w/\(s.workspace)/settings/webhook", form: ["url": "https://203.0.113.10/v3", "rotate": "1"])
            #expect(page.status == .ok && page.text.contains("shown only now"))
            let reloaded = try await s.owner.get("/w/\(s.workspace)/settings")
            #expect(reloaded.text.contains("https://203.0.113.10/v3") && !reloaded.text.contains("shown only now"))

            // An editor may not.
            let editor = try await s.api.api(.POST, "\(s.w)/members", json: """
                {"email":"ed@agency.test","name":"Ed","password":"\(Fixtures.password)","role":"editor"}
                """)
            #expect(editor.status == .created)
            let browser = try TestBrowser(app: app)
            try await Fixtures.signIn(browser, email: "ed@agency.test")
            let editorAPI = TestBrowser.sharing(browser, token: try await Fixtures.createToken(browser, name: "ed"))
            #expect(try await editorAPI.api(.PUT, "\(s.w)/webhook", json: #"{"url":"https://evil.example"}"#).status == .forbidden)
            #expect(try await editorAPI.api(.GET, "\(s.w)/notifications").status == .ok)
            #expect(try await s.api.api(.DELETE, "\(s.w)/webhook").status == .noContent)
            #expect(try await s.api.api(.GET, "\(s.w)/webhook").json["url"] == nil)
        }
    }
}
