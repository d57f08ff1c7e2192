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

/// Issue 13, point 7: the Today page — who waits for an answer (urgent first, then the longest
/// waiting), what waits for my approval, publications that did not go out, empty queue slots in
/// the next seven days, the month ahead; the page after sign-in.
@Suite("Today")
struct TodayTests {
    @Test("the day first: urgent answers before older ones, my approvals (approvers only), empty slots of the week, the month ahead")
    func today() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let w = agency.workspaceA, base = "/api/v1/workspaces/\(agency.workspaceA)"
            let channel = try await agency.sandboxChannelA("Витрина")
            let slots = try await agency.ownerAPI.api(.PUT, "\(base)/channels/\(channel)/slots",
                                                      json: #"{"slots":["Mon 09:00","Tue 09:00","Wed 09:00","Thu 09:00","Fri 09:00","Sat 09:00","Sun 09:00"]}"#)
            #expect(slots.status == .ok, "\(slots.text)")
            let queued = try await Agency.create(agency.ownerAPI, "\(base)/posts", #"{"text":"Пост в очереди","channels":["\#(channel)"]}"#)
            #expect(try await agency.ownerAPI.api(.POST, "\(base)/posts/\(queued)/queue").status == .ok)
            let review = try await Agency.create(agency.editorAPI, "\(base)/posts", #"{"text":"Прошу согласовать","channels":["\#(channel)"]}"#)
            #expect(try await agency.editorAPI.api(.POST, "\(base)/posts/\(review)/submit").status == .ok)

            let stored = try #require(try await SocialChannel.find(channel, on: app.db))
            let t = Date().addingTimeInterval(-7200)
            _ = try await InboxSync.store(ConversationBatch(items: [
                ConversationItem(remoteID: "1", kind: .comment, authorID: "a", authorName: "@early", text: "Какие часы работы?", at: t),
                ConversationItem(remoteID: "2", kind: .directMessage, authorID: "b", authorName: "@angry", text: "Срочно! Списали дважды, верните деньги",
                                 at: t.addingTimeInterval(3600)),
            ], cursor: nil), channel: stored, now: Date(), on: app.db)

            let page = try await agency.owner.get("/w/\(w)/today")
            #expect(page.status == .ok && page.text.contains("Waiting for an answer (2)"))
            let urgent = try #require(page.text.range(of: "@angry")), early = try #require(page.text.range(of: "@early"))
            #expect(urgent.lowerBound < early.lowerBound, "the urgent one first")
            #expect(page.text.contains("Waiting for your approval") && page.text.contains("Прошу согласовать"))
            #expect(page.text.contains("Every publication went out as planned."))
            #expect(page.text.contains("Empty queue slots in the next 7 days") && page.text.contains("Витрина"))
            let empty = page.text.components(separatedBy: "· Витрина · <a href=\"/w/\(w)/compose\"").count - 1
            #expect(empty == 6, "seven daily slots this week, one taken by the queued post: \(empty)")
            #expect(page.text.contains("The month ahead") && page.text.contains("Пост в очереди"))

            let editorPage = try await agency.editor.get("/w/\(w)/today")
            #expect(editorPage.status == .ok && !editorPage.text.contains("Waiting for your approval"), "editors approve nothing")
            #expect(try await agency.editor.get("/w/\(w)").location == "/w/\(w)/today")
            let other = try await agency.editor.get("/w/\(agency.workspaceB)/today")
            #expect(other.status == .notFound || other.status == .forbidden)
        }
    }
}
