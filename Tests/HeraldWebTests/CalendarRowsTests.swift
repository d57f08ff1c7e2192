import FluentKit
import Foundation
import HeraldStore
import HeraldTestSupport
import Testing

/// The calendar's plain-row read model keeps tenancy like the models do.
@Suite("Calendar rows")
struct CalendarRowsTests {
    @Test("each workspace reads its own posts; channels and problems are filled in from its own rows only; names, status and text come with each post")
    func scoped() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            // B's post gets B's channel
            _ = try await agency.ownerAPI.api(.PATCH, "/api/v1/workspaces/\(agency.workspaceB)/posts/\(agency.postB)",
                                              json: #"{"channels":["\#(agency.channelB.uuidString)"]}"#)
            // B's post failed on its channel: a problem for B
            let target = try #require(try await PostTarget.query(on: app.db).filter(\.$post.$id == agency.postB).first())
            let failed = PublicationRecord(workspaceID: agency.workspaceB, postID: agency.postB, targetID: try target.requireID(),
                                     channelID: agency.channelB)
            failed.stateName = "failed"
            try await failed.create(on: app.db)
            // MUT: each workspace lists its drafts; then A's rows are decorated as if B's post were among them
            let forA = try await CalendarRows.unscheduled(PostFilter(workspaceID: agency.workspaceA), limit: 10, on: app.db)
            let forB = try await CalendarRows.decorate(
                try await CalendarRows.unscheduled(PostFilter(workspaceID: agency.workspaceB), limit: 10, on: app.db),
                workspaceID: agency.workspaceB, on: app.db)
            let mixed = try await CalendarRows.decorate(forA + forB.map { var row = $0; row.channels = []; row.problem = false; return row },
                                                        workspaceID: agency.workspaceA, on: app.db)
            // validate
            #expect(forA.map(\.id) == [agency.postA] && forA.first?.text == "A's launch")
            #expect(forB.map(\.id) == [agency.postB] && forB.first?.status == "draft")
            #expect(forB.first?.channels == [CalendarRows.Channel(id: agency.channelB, name: "B on Sandbox")])
            #expect(mixed.first { $0.id == agency.postB }?.channels == [], "B's channel is not read for A")
            #expect(mixed.first { $0.id == agency.postA }?.problem == false)
            #expect(forB.first?.problem == true, "a failed publication marks its post")
            #expect(mixed.first { $0.id == agency.postB }?.problem == false, "B's publication is not read for A")
        }
    }
}
