import HeraldApp
import Fluent
import Foundation
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

@Suite("Calendar, scheduling forms and the calendar feed")
struct CalendarTests {
    /// A workspace in Europe/Berlin with a post at 09:00 the day after the autumn change.
    static func planned(_ app: Application) async throws -> (PostVariantTests.Setup, TestBrowser, String) {
        let s = try await PostVariantTests.setup(app)
        let base = "/api/v1/workspaces/\(s.workspace)"
        _ = try await s.api.api(.PATCH, base, json: #"{"time_zone":"Europe/Berlin"}"#)
        let post = try await Agency.create(s.api, "\(base)/posts", #"{"text":"Herbst beginnt","channels":["\#(s.vk)"]}"#)
        _ = try await s.api.api(.POST, "\(base)/posts/\(post)/schedule", json: #"{"date":"2027-11-01","time":"09:00"}"#)
        let owner = try TestBrowser(app: app)
        try await Fixtures.signIn(owner, email: Fixtures.ownerEmail)
        return (s, owner, post.uuidString)
    }

    @Test("month, week and list views show the post at 09:00 local on its day; filters narrow")
    func views() async throws {
        try await withHerald { app in
            let (s, owner, post) = try await Self.planned(app)
            let w = s.workspace
            let month = try await owner.get("/w/\(w)/calendar?view=month&date=2027-11-15")
            #expect(month.status == .ok)
            #expect(month.text.contains("data-date=\"2027-11-01\"><span class=\"date\">1</span><a class=\"entry status-scheduled\""))
            #expect(month.text.contains("data-post=\"\(post)\" data-time=\"09:00\""))
            #expect(month.text.contains("<time>09:00</time> Herbst beginnt"))
            let week = try await owner.get("/w/\(w)/calendar?view=week&date=2027-11-03")
            #expect(week.text.contains("2027-11-01 – 2027-11-07"))
            #expect(week.text.contains("Herbst beginnt"))
            let otherWeek = try await owner.get("/w/\(w)/calendar?view=week&date=2027-11-10")
            #expect(!otherWeek.text.contains("Herbst beginnt"))
            let list = try await owner.get("/w/\(w)/calendar?view=list")
            #expect(list.text.contains("<time>2027-11-01 09:00</time>"))
            // The list starts from a day picked in the filter form, and steps back 30 days at a time.
            let later = try await owner.get("/w/\(w)/calendar?view=list&date=2027-11-02")
            #expect(!later.text.contains("Herbst beginnt"), "the post is before the day picked")
            #expect(later.text.contains("<input type=\"date\" name=\"date\" value=\"2027-11-02\">"))
            #expect(later.text.contains("view=list&amp;date=2027-10-03\">← The 30 days before</a>"))
            #expect(try await owner.get("/w/\(w)/calendar?view=list&date=2027-10-03").text.contains("Herbst beginnt"))
            #expect(!month.text.contains("type=\"date\" name=\"date\""), "the grids keep their arrows")
            let filtered = try await owner.get("/w/\(w)/calendar?view=month&date=2027-11-15&channel=\(s.bluesky)")
            #expect(!filtered.text.contains("Herbst beginnt"))
            // The views and the arrows keep the filters; a value that is not a filter is not carried on.
            let channel = s.bluesky.uuidString
            #expect(filtered.text.contains("view=week&amp;date=2027-11-15&amp;channel=\(channel)"), "\(filtered.text)")
            #expect(filtered.text.contains("view=month&amp;date=2027-12-01&amp;channel=\(channel)"))
            let odd = try await owner.get("/w/\(w)/calendar?view=month&date=2027-11-15&channel=nonsense&status=scheduled")
            #expect(odd.status == .ok && !odd.text.contains("nonsense") && odd.text.contains("view=list&amp;date=2027-11-15&amp;status=scheduled"))
            #expect(odd.text.contains("Herbst beginnt"), "a filter that admits the post: counted and shown (a statement of its own on PostgreSQL)")
            let byStatus = try await owner.get("/w/\(w)/calendar?view=month&date=2027-11-15&status=draft")
            #expect(!byStatus.text.contains("Herbst beginnt"))
            #expect(month.text.contains("/assets/calendar.js"), "the drag-and-drop script is on the page")
        }
    }

    @Test("the post page schedules, refuses with the reason, and a dragged move keeps the time")
    func forms() async throws {
        try await withHerald { app in
            let (s, owner, post) = try await Self.planned(app)
            let w = s.workspace
            let page = try await owner.get("/w/\(w)/posts/\(post)")
            #expect(page.text.contains("Scheduled for 2027-11-01 09:00 (Europe/Berlin)"))
            let past = try await owner.post("/w/\(w)/posts/\(post)/schedule", form: ["date": "2020-01-01", "time": "09:00", "time_zone": ""])
            #expect(past.status == .unprocessableEntity)
            #expect(past.text.contains("2020-01-01 09:00 has already passed."))
            // What calendar.js sends when the entry is dropped on 3 November.
            let moved = try await owner.send(.POST, "/w/\(w)/posts/\(post)/schedule", headers: [
                "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": owner.csrfToken ?? "",
            ], body: ByteBuffer(string: "date=2027-11-03&time=09%3A00"))
            #expect(moved.status == .seeOther)
            let stored = try #require(try await Post.find(UUID(uuidString: post), on: app.db))
            #expect(stored.scheduledLocal == "2027-11-03 09:00")
            #expect(stored.scheduledAt == ISO8601DateFormatter().date(from: "2027-11-03T08:00:00Z"))
            let off = try await owner.post("/w/\(w)/posts/\(post)/unschedule")
            #expect(off.location?.hasSuffix("?done=postUnscheduled") == true)
            let slots = try await owner.post("/w/\(w)/settings/channels/\(s.vk)/slots", form: ["posting_slots": "Mon 9am"])
            #expect(slots.status == .unprocessableEntity)
            #expect(slots.text.contains("is not a posting slot"))
        }
    }

    @Test("the secret feed lists scheduled posts; a wrong token or a reset address gets 404")
    func feed() async throws {
        try await withHerald { app in
            let (_, owner, post) = try await Self.planned(app)
            let account = try await owner.get("/account")
            let url = try #require(Fixtures.firstMatch(of: #"http://[^<"]+\.ics"#, in: account.text))
            let path = String(url[url.range(of: "/feeds/")!.lowerBound...])
            let feed = try await owner.get(path)
            #expect(feed.status == .ok)
            #expect(feed.headers.first(name: .contentType)?.hasPrefix("text/calendar") == true)
            #expect(feed.text.contains("UID:\(post)@herald"))
            #expect(feed.text.contains("DTSTART:20271101T080000Z"))
            let forged = path.replacingOccurrences(of: ".ics", with: "x.ics")
            #expect(try await owner.get(forged).status == .notFound)
            try await owner.post("/account/calendar-feed")
            #expect(try await owner.get(path).status == .notFound, "the old address stops working")
        }
    }
}
