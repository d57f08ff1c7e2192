import Foundation
import HeraldStore
import HeraldTestSupport
import Testing

/// The calendar's plain-row read model keeps tenancy like the models do.
@Suite("Calendar rows")
struct CalendarRowsTests {
    @Test("ids of another workspace are left out; channel names, status and text come with each post")
    func scoped() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            // B's post gets B's channel
            _ = try await agency.ownerAPI.api(.PATCH, "/api/v1/workspaces/\(agency.workspaceB)/posts/\(agency.postB)",
                                              json: #"{"channels":["\#(agency.channelB.uuidString)"]}"#)
            // MUT: A asks for both posts, then B does
            let forA = try await CalendarRows.read(workspaceID: agency.workspaceA, ids: [agency.postA, agency.postB], on: app.db)
            let forB = try await CalendarRows.read(workspaceID: agency.workspaceB, ids: [agency.postB, agency.postA], on: app.db)
            // validate
            #expect(forA.map(\.id) == [agency.postA] && forA.first?.text == "A's launch")
            #expect(forB.map(\.id) == [agency.postB] && forB.first?.status == "draft")
            #expect(forB.first?.channels == [CalendarRows.Channel(id: agency.channelB, name: "B on Sandbox")])
            #expect(forA.first?.channels == [] && forA.first?.problem == false)
        }
    }
}
