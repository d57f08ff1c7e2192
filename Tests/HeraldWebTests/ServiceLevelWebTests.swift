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

/// Issue 13, point 5: business hours and targets set from the page and the API; items near or past
/// their target rise to the top of the open inbox, marked; the response-time report as a page,
/// JSON and CSV.
@Suite("Inbox: service levels")
struct ServiceLevelWebTests {
    @Test("targets from settings; what is past or near its target comes first and says so; the report counts business time")
    func serviceLevels() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let w = agency.workspaceA, api = agency.ownerAPI, base = "/api/v1/workspaces/\(agency.workspaceA)"
            let owner = agency.owner
            let bad = try await owner.post("/w/\(w)/settings/service-levels", form: ["day_1_open": "18:00", "day_1_close": "09:00"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("is not a span of time"))
            #expect(bad.text.contains("aria-label=\"Monday: opens at\"") && bad.text.contains("aria-label=\"Monday: closes at (24:00 for midnight)\""),
                    "each time says its day and which end it is")
            #expect(bad.text.contains("aria-label=\"urgent: "), "each target says its priority")
            let badDay = try await api.api(.PUT, "\(base)/service-levels", json: #"{"hours":{"funday":["09:00","18:00"]}}"#)
            #expect(badDay.apiError?.field == "hours.funday")
            let order = try await api.api(.PUT, "\(base)/service-levels", json: #"{"targets":{"urgent":{"first_response_hours":1,"resolution_hours":0.5}}}"#)
            #expect(order.apiError?.field == "urgent_resolution")
            // Open around the clock, so the test does not depend on when it runs.
            var form: [String: String] = ["holidays": "2026-12-31"]
            for day in 1...7 { form["day_\(day)_open"] = "00:00"; form["day_\(day)_close"] = "24:00" }
            for (priority, first, settle) in [("urgent", "1", "4"), ("high", "4", "18"), ("normal", "8", "27"), ("low", "18", "45")] {
                form["\(priority)_first_response"] = first
                form["\(priority)_resolution"] = settle
            }
            #expect(try await owner.post("/w/\(w)/settings/service-levels", form: form).status == .seeOther)
            let levels = try await api.api(.GET, "\(base)/service-levels")
            #expect((levels.json["hours"] as? [String: [String]])?["sun"] == ["00:00", "24:00"] && levels.json["holidays"] as? [String] == ["2026-12-31"])

            let channel = try await agency.sandboxChannelA("A")
            let stored = try #require(try await SocialChannel.find(channel, on: app.db))
            // A published post for the comments to be about (the Sandbox answers comments under its posts).
            let post = try await Agency.create(api, "\(base)/posts", #"{"text":"Меню недели","channels":["\#(channel)"]}"#)
            try await Fixtures.publishNow(app, post: post)
            let remote = try #require(try await PublicationRecord.query(on: app.db).first()?.remoteID)
            let now = Date()
            _ = try await InboxSync.store(ConversationBatch(items: [
                ConversationItem(remoteID: "fresh", kind: .comment, authorID: "a", authorName: "@fresh", text: "Вопрос про меню", at: now.addingTimeInterval(-600)),
                ConversationItem(remoteID: "late", kind: .comment, authorID: "b", authorName: "@late", text: "Где ответ?", at: now.addingTimeInterval(-7200),
                                 postRemoteID: remote),
                ConversationItem(remoteID: "soon", kind: .comment, authorID: "c", authorName: "@soon", text: "Подскажите", at: now.addingTimeInterval(-50 * 60)),
            ], cursor: nil), channel: stored, now: now, on: app.db)
            for remote in ["late", "soon"] {
                let item = try #require(try await InboxItem.query(on: app.db).filter(\.$remoteID == remote).first())
                _ = try await api.api(.PATCH, "\(base)/inbox/\(try item.requireID())", json: #"{"priority":"urgent"}"#)
            }
            let open = try await api.api(.GET, "\(base)/inbox?status=open")
            let items = try #require(open.json["items"] as? [[String: Any]])
            #expect(items.compactMap { $0["author_name"] as? String } == ["@late", "@soon", "@fresh"], "past, then near, then the rest")
            #expect(items.compactMap { ($0["sla"] as? [String: Any])?["state"] as? String } == ["breached", "near", "on_time"])
            let page = try await owner.get("/w/\(w)/inbox")
            #expect(page.text.contains("past its target") && page.text.contains("Response times"))

            // Answered and settled: the report counts it (business time, here around the clock).
            let late = try #require(items.first?["id"] as? String)
            #expect(try await api.api(.POST, "\(base)/inbox/\(late)/reply", json: #"{"text":"Отвечаем"}"#).json["state"] as? String == "published")
            _ = try await api.api(.PATCH, "\(base)/inbox/\(late)", json: #"{"status":"done"}"#)
            let report = try await api.api(.GET, "\(base)/inbox/report")
            let total = try #require(report.json["total"] as? [String: Any])
            #expect(total["items"] as? Int == 3 && total["answered"] as? Int == 1 && total["resolved"] as? Int == 1, "\(report.text)")
            let median = try #require(total["first_response_median_minutes"] as? Double)
            #expect(median >= 119 && median <= 125, "about two hours: \(median)")
            let csv = try await api.api(.GET, "\(base)/inbox/report?format=csv")
            #expect(csv.text.hasPrefix("group,name,items,answered") && csv.text.contains("channel,\"A\",3,1,1,"), "\(csv.text)")
            let reportPage = try await owner.get("/w/\(w)/inbox/report?from=2020-01-01")
            #expect(reportPage.status == .ok && reportPage.text.contains("By channel"))
            let wrongWay = try await api.api(.GET, "\(base)/inbox/report?from=2026-12-10&to=2026-12-01")
            #expect(wrongWay.apiError?.field == "to")
            let editor = try await agency.editorAPI.api(.PUT, "\(base)/service-levels", json: #"{"holidays":[]}"#)
            #expect(editor.status == .forbidden)
        }
    }
}
