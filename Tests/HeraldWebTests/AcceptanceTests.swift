import HeraldApp
import HeraldTestSupport
import Testing
import Vapor

@Suite("Acceptance: the foundation issue's scenario over real HTTP")
struct AcceptanceTests {
    /// Owner sets up Herald, creates two client workspaces and an editor in one; the editor
    /// sees only that one, in the web UI and through the API. All over TCP on loopback.
    @Test("owner, two client workspaces, an editor who sees only hers")
    func scenario() async throws {
        try await withHerald { app in
            try await withLiveServer(app) { owner, baseURL in
                let editor = TestBrowser(client: owner.client!, baseURL: baseURL)
                let agency = try await Agency.make(owner: owner, editor: editor)

                let ownerList = try await owner.get("/workspaces")
                for name in ["Agency itself", "Client A", "Client B"] { #expect(ownerList.text.contains(name)) }

                let editorList = try await editor.get("/workspaces")
                #expect(editorList.status == .ok)
                #expect(editorList.text.contains("Client A"))
                #expect(!editorList.text.contains("Client B") && !editorList.text.contains("Agency itself"))
                #expect(try await editor.get("/w/\(agency.workspaceB)/calendar").status == .notFound)
                #expect(try await editor.get("/w/\(agency.workspaceA)/calendar?view=list").text.contains("A&#39;s launch"))

                let apiList = try await agency.editorAPI.api(.GET, "/api/v1/workspaces")
                let names = (apiList.json["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                #expect(names == ["Client A"])
                #expect(try await agency.editorAPI.api(.GET, "/api/v1/workspaces/\(agency.workspaceB)/posts").status == .notFound)
            }
        }
    }
}
