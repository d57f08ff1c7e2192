import HeraldApp
import Fluent
import Foundation
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

@Suite("Scheduling posts")
struct SchedulingTests {
    static func iso(_ date: Any?) -> String? { date as? String }

    @Test("09:00 local is stored as the right UTC instant on both sides of DST changes", arguments: [
        ("Europe/Berlin", "2027-03-29", "2027-03-29T07:00:00Z"),
        ("Europe/Berlin", "2027-11-01", "2027-11-01T08:00:00Z"),
        ("America/New_York", "2027-03-15", "2027-03-15T13:00:00Z"),
        ("America/New_York", "2027-11-08", "2027-11-08T14:00:00Z"),
    ])
    func dst(zone: String, date: String, utc: String) async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let base = "/api/v1/workspaces/\(s.workspace)"
            let post = try await Agency.create(s.api, "\(base)/posts", #"{"text":"Доброе утро","channels":["\#(s.vk)"]}"#)
            let response = try await s.api.api(.POST, "\(base)/posts/\(post)/schedule",
                                               json: #"{"date":"\#(date)","time":"09:00","time_zone":"\#(zone)"}"#)
            #expect(response.status == .ok)
            #expect(Self.iso(response.json["scheduled_at"]) == utc)
            #expect(response.json["scheduled_local"] as? String == "\(date) 09:00")
            #expect(response.json["scheduled_zone"] as? String == zone)
            #expect(response.json["status"] as? String == "scheduled")
        }
    }

    @Test("09:00 Europe/Berlin the day after the autumn change goes out at 08:00 UTC — not an hour early or late")
    func dstEndToEnd() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let workspace = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let base = "/api/v1/workspaces/\(workspace)"
            let channel = try await Agency.create(api, "\(base)/channels", #"{"platform":"sandbox","name":"S","access_token":"t"}"#)
            let post = try await Agency.create(api, "\(base)/posts", #"{"text":"Guten Morgen","channels":["\#(channel)"]}"#)
            let scheduled = try await api.api(.POST, "\(base)/posts/\(post)/schedule",
                                              json: #"{"date":"2027-11-01","time":"09:00","time_zone":"Europe/Berlin"}"#)
            #expect(scheduled.status == .ok)
            let eight = try Date("2027-11-01T08:00:00Z", strategy: .iso8601)
            let worker = app.runtime.makeWorker(database: app.runtime.database)
            // 07:00 UTC (09:00 in summer time) and 07:59:59: nothing goes out.
            for early in [eight.addingTimeInterval(-3600), eight.addingTimeInterval(-1)] {
                try await Scheduler.tick(now: early, on: app.db)
                #expect(try await worker.publisher.runOnce(now: early, on: app.db) == 0)
            }
            #expect(await app.sandbox.storedCount == 0)
            try await Scheduler.tick(now: eight, on: app.db)
            #expect(try await worker.publisher.runOnce(now: eight, on: app.db) == 1)
            let publication = try #require(try await PublicationRecord.query(on: app.db).first())
            #expect(publication.stateName == "published" && publication.updatedAt == eight)
            #expect(await app.sandbox.storedCount == 1)
        }
    }

    @Test("a time in the spring-forward gap is moved and the answer says so")
    func gap() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let base = "/api/v1/workspaces/\(s.workspace)"
            let post = try await Agency.create(s.api, "\(base)/posts", #"{"text":"Ночь","channels":["\#(s.vk)"]}"#)
            let response = try await s.api.api(.POST, "\(base)/posts/\(post)/schedule",
                                               json: #"{"date":"2027-03-28","time":"02:30","time_zone":"Europe/Berlin"}"#)
            #expect(Self.iso(response.json["scheduled_at"]) == "2027-03-28T01:30:00Z")
            #expect(response.json["scheduled_local"] as? String == "2027-03-28 03:30")
            #expect((response.json["schedule_note"] as? String)?.contains("does not exist on that day") == true)
        }
    }

    @Test("refusals: past, no channels, blocking checks, approval required, bad zone")
    func refusals() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let base = "/api/v1/workspaces/\(s.workspace)"
            let lonely = try await Agency.create(s.api, "\(base)/posts", #"{"text":"Нет каналов"}"#)
            let past = try await s.api.api(.POST, "\(base)/posts/\(lonely)/schedule", json: #"{"date":"2020-01-01","time":"09:00"}"#)
            #expect(past.apiError?.code == "in_past" && past.apiError?.field == "date")
            let none = try await s.api.api(.POST, "\(base)/posts/\(lonely)/schedule", json: #"{"date":"2027-06-01","time":"09:00"}"#)
            #expect(none.apiError?.code == "no_channels")
            let zone = try await s.api.api(.POST, "\(base)/posts/\(lonely)/schedule",
                                           json: #"{"date":"2027-06-01","time":"09:00","time_zone":"Moscow"}"#)
            #expect(zone.apiError?.field == "time_zone")

            let long = String(repeating: "a", count: 301)
            let blocked = try await Agency.create(s.api, "\(base)/posts", #"{"text":"\#(long)","channels":["\#(s.bluesky)"]}"#)
            let refused = try await s.api.api(.POST, "\(base)/posts/\(blocked)/schedule", json: #"{"date":"2027-06-01","time":"09:00"}"#)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.apiError?.message == "Bluesky: 1 characters over the 300 limit.")

            let workspace = try #require(try await Workspace.find(s.workspace, on: app.db))
            workspace.approvalRequiredFlag = true
            try await workspace.save(on: app.db)
            let fine = try await Agency.create(s.api, "\(base)/posts", #"{"text":"ok","channels":["\#(s.vk)"]}"#)
            let approval = try await s.api.api(.POST, "\(base)/posts/\(fine)/schedule", json: #"{"date":"2027-06-01","time":"09:00"}"#)
            #expect(approval.status == .conflict && approval.apiError?.code == "needs_approval")
            #expect(try await Post.query(on: app.db).filter(\.$scheduledAt != nil).count() == 0)
        }
    }

    @Test("queue: next free slot of the post's channels, skipping taken ones; unschedule")
    func queue() async throws {
        try await withHerald { app in
            let s = try await PostVariantTests.setup(app)
            let base = "/api/v1/workspaces/\(s.workspace)"
            let bad = try await s.api.api(.PUT, "\(base)/channels/\(s.vk)/slots", json: #"{"slots":["Mon 9"]}"#)
            #expect(bad.apiError?.field == "posting_slots")
            let slots = try await s.api.api(.PUT, "\(base)/channels/\(s.vk)/slots", json: #"{"slots":["Пн 09:00","Wed 18:30"]}"#)
            #expect(slots.json["posting_slots"] as? [String] == ["Mon 09:00", "Wed 18:30"])
            let first = try await Agency.create(s.api, "\(base)/posts", #"{"text":"1","channels":["\#(s.vk)"]}"#)
            let second = try await Agency.create(s.api, "\(base)/posts", #"{"text":"2","channels":["\#(s.vk)"]}"#)
            let a = try await s.api.api(.POST, "\(base)/posts/\(first)/queue")
            let b = try await s.api.api(.POST, "\(base)/posts/\(second)/queue")
            let timeA = try #require(a.json["scheduled_local"] as? String)
            let timeB = try #require(b.json["scheduled_local"] as? String)
            #expect(timeA != timeB, "the second takes the next slot")
            #expect([timeA, timeB].allSatisfy { $0.hasSuffix("09:00") || $0.hasSuffix("18:30") })
            let noSlots = try await Agency.create(s.api, "\(base)/posts", #"{"text":"3","channels":["\#(s.bluesky)"]}"#)
            #expect(try await s.api.api(.POST, "\(base)/posts/\(noSlots)/queue").apiError?.code == "no_slots")
            let off = try await s.api.api(.POST, "\(base)/posts/\(first)/unschedule")
            #expect(off.json["status"] as? String == "draft")
            #expect(off.json["scheduled_at"] == nil || off.json["scheduled_at"] is NSNull)
        }
    }
}

@Suite("Scheduling: a refused schedule form")
struct ScheduleFormTests {
    @Test("a blocked schedule names every channel's block, keeps the date and time typed, and puts the post's page back in the address bar")
    func blockedSchedule() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let bluesky = try await Fixtures.channel(app, workspace: w, platform: .bluesky, name: "Bluesky")
            let instagram = try await Fixtures.channel(app, workspace: w, platform: .instagram, name: "Instagram")
            let long = String(repeating: "a", count: 301)
            let post = try await Agency.create(api, "/api/v1/workspaces/\(w)/posts", #"{"text":"\#(long)","channels":["\#(bluesky)","\#(instagram)"]}"#)
            let page = "/w/\(w)/posts/\(post)"
            let refused = try await owner.post("\(page)/schedule", form: ["date": "2027-06-01", "time": "18:45", "time_zone": "Europe/Moscow"],
                                               headers: ["Host": "127.0.0.1:8080", "Referer": "http://127.0.0.1:8080\(page)"])
            #expect(refused.status == .unprocessableEntity)
            let text = refused.text
            #expect(text.contains("Bluesky: 1 characters over the 300 limit.") && text.contains("Instagram"), "every channel's block")
            #expect(text.contains("things to put right:"), "a summary of all of them")
            #expect(text.contains("value=\"2027-06-01\"") && text.contains("value=\"18:45\""), "the date and time stay as typed")
            #expect(text.contains("data-page-url=\"\(page)\"") && text.contains("/assets/page.js"), "the address bar gets the post's page back")
            // The API lists every block too.
            let answer = try await api.api(.POST, "/api/v1/workspaces/\(w)/posts/\(post)/schedule", json: #"{"date":"2027-06-01","time":"09:00"}"#)
            let problems = ((answer.json["error"] as? [String: Any])?["problems"] as? [[String: Any]]) ?? []
            #expect(problems.count >= 2 && problems.contains { ($0["message"] as? String)?.hasPrefix("Bluesky:") == true }, "\(answer.text)")
            // A referer from elsewhere is not followed.
            let foreign = try await owner.post("\(page)/schedule", form: ["date": "2027-06-01", "time": "18:45"],
                                               headers: ["Host": "127.0.0.1:8080", "Referer": "https://evil.example\(page)"])
            #expect(!foreign.text.contains("data-page-url"))
            #expect(try await owner.get("/assets/page.js").text.contains("history.replaceState"))
        }
    }
}
