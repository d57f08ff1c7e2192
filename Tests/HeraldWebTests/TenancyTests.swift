import AsyncHTTPClient
import HeraldApp
import Fluent
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

@Suite("Tenancy: a member of one workspace sees nothing of another")
struct TenancyTests {
    @Test("through the web: list, pages, forms and export of another workspace are 404 and change nothing")
    func web() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let editor = agency.editor
            let b = agency.workspaceB

            let list = try await editor.get("/workspaces")
            #expect(list.text.contains("Client A"))
            #expect(!list.text.contains("Client B"))
            #expect(!list.text.contains("Agency itself"))
            #expect(try await editor.get("/").location == "/w/\(agency.workspaceA)/today", "one workspace: straight to the day")

            for path in ["/w/\(b)", "/w/\(b)/calendar", "/w/\(b)/compose", "/w/\(b)/inbox", "/w/\(b)/analytics",
                         "/w/\(b)/library", "/w/\(b)/settings", "/w/\(b)/settings/members", "/w/\(b)/settings/channels",
                         "/w/\(b)/settings/export", "/w/\(b)/settings/export/download", "/w/\(b)/posts/\(agency.postB)/delete",
                         "/w/\(agency.workspaceA)/posts/\(agency.postB)/delete"] {
                let response = try await editor.get(path)
                #expect(response.status == (path == "/w/\(b)" ? .seeOther : .notFound), "\(path)")
                #expect(!response.text.contains("secret plan") && !response.text.contains("Client B"), "\(path)")
            }
            let forms: [(String, [String: String])] = [
                ("/w/\(b)/compose", ["text": "planted"]),
                ("/w/\(b)/posts/\(agency.postB)/delete", ["confirm": "yes"]),
                ("/w/\(b)/settings", ["name": "Hijacked", "time_zone": "UTC"]),
                ("/w/\(b)/settings/members", ["email": "mole@agency.test", "name": "Mole", "password": Fixtures.password, "role": "owner"]),
                ("/w/\(b)/settings/channels", ["platform": "vk", "name": "planted", "access_token": "x"]),
                ("/w/\(b)/settings/channels/\(agency.channelB)/remove", [:]),
                // B's post through A's URL: ids are checked against the workspace in the path.
                ("/w/\(agency.workspaceA)/posts/\(agency.postB)/delete", ["confirm": "yes"]),
                ("/w/\(agency.workspaceA)/posts/\(agency.postB)/delete", [:]),
            ]
            for (path, form) in forms {
                #expect(try await editor.post(path, form: form).status == .notFound, "\(path)")
            }
            try await expectWorkspaceBUntouched(app, agency)
        }
    }

    @Test("through the API: every endpoint of another workspace is 404 and changes nothing")
    func api() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let api = agency.editorAPI
            let b = "/api/v1/workspaces/\(agency.workspaceB)"

            let list = try await api.api(.GET, "/api/v1/workspaces")
            let names = (list.json["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names == ["Client A"])

            let calls: [(HTTPMethod, String, String?)] = [
                (.GET, b, nil), (.PATCH, b, #"{"name":"Hijacked"}"#),
                (.GET, "\(b)/members", nil),
                (.POST, "\(b)/members", #"{"email":"mole@agency.test","name":"Mole","password":"long enough pw","role":"owner"}"#),
                (.PATCH, "\(b)/members/\(agency.editorID)", #"{"role":"owner"}"#),
                (.DELETE, "\(b)/members/\(agency.editorID)", nil),
                (.GET, "\(b)/channels", nil), (.GET, "\(b)/channels/\(agency.channelB)", nil),
                (.POST, "\(b)/channels", #"{"platform":"vk","name":"planted","access_token":"x"}"#),
                (.DELETE, "\(b)/channels/\(agency.channelB)", nil),
                (.GET, "\(b)/posts", nil), (.GET, "\(b)/posts/\(agency.postB)", nil),
                (.POST, "\(b)/posts", #"{"text":"planted"}"#),
                (.PATCH, "\(b)/posts/\(agency.postB)", #"{"text":"defaced"}"#),
                (.DELETE, "\(b)/posts/\(agency.postB)", nil),
                (.GET, "\(b)/export", nil),
                // B's ids through A's path.
                (.GET, "/api/v1/workspaces/\(agency.workspaceA)/posts/\(agency.postB)", nil),
                (.PATCH, "/api/v1/workspaces/\(agency.workspaceA)/posts/\(agency.postB)", #"{"text":"defaced"}"#),
                (.DELETE, "/api/v1/workspaces/\(agency.workspaceA)/posts/\(agency.postB)", nil),
                (.GET, "/api/v1/workspaces/\(agency.workspaceA)/channels/\(agency.channelB)", nil),
            ]
            for (method, path, json) in calls {
                let response = try await api.api(method, path, json: json)
                #expect(response.status == .notFound, "\(method) \(path)")
                #expect(response.apiError?.code == "not_found", "\(method) \(path)")
                #expect(!response.text.contains("secret plan"), "\(method) \(path)")
            }
            // Editors may not remove channels even in their own workspace: refused before any lookup.
            let ownRoom = try await api.api(.DELETE, "/api/v1/workspaces/\(agency.workspaceA)/channels/\(agency.channelB)")
            #expect(ownRoom.status == .forbidden)
            // The same calls by a workspace that does not exist at all answer identically.
            let ghost = try await api.api(.GET, "/api/v1/workspaces/\(UUID())")
            #expect(ghost.status == .notFound)
            try await expectWorkspaceBUntouched(app, agency)

            // Another user's token cannot be revoked by id.
            let ownerTokens = try await agency.ownerAPI.api(.GET, "/api/v1/tokens")
            let ownerTokenID = try #require((ownerTokens.json["items"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await api.api(.DELETE, "/api/v1/tokens/\(ownerTokenID)").status == .notFound)
            #expect(try await agency.ownerAPI.api(.GET, "/api/v1/me").status == .ok)
        }
    }

    @Test("the export holds only its own workspace and never credentials")
    func export() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            let response = try await agency.ownerAPI.api(.GET, "/api/v1/workspaces/\(agency.workspaceB)/export")
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            #expect(response.text.contains("B's secret plan"))
            #expect(!response.text.contains("A's launch"))
            #expect(!response.text.contains("b-secret-token"))
            #expect(!response.text.contains("sealed"))
            #expect((response.json["members"] as? [[String: Any]])?.count == 1, "only the owner is in B")
        }
    }

    @Test("the export streams every post of a large workspace once, page after page, over real HTTP")
    func largeExport() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            // setup: 1,203 more posts, three pages' worth and a bit
            try await app.db.writeTransaction { tx in
                for index in 0..<1_203 {
                    try await Post(workspaceID: agency.workspaceB, authorID: nil, text: "Bulk \(index)").create(on: tx)
                }
            }
            // MUT: the download over loopback, as a browser gets it
            let text = try await withLiveServer(app) { _, baseURL in
                let token = try #require(agency.ownerAPI.bearerToken)
                var request = HTTPClientRequest(url: "\(baseURL)/api/v1/workspaces/\(agency.workspaceB)/export")
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                #expect(response.status == .ok)
                return String(buffer: try await response.body.collect(upTo: 50_000_000))
            }
            // validate
            let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let posts = try #require(json["posts"] as? [[String: Any]])
            #expect(posts.count == 1_204)
            #expect(Set(posts.compactMap { $0["id"] as? String }).count == 1_204, "each post once")
        }
    }

    func expectWorkspaceBUntouched(_ app: Application, _ agency: Agency) async throws {
        let workspace = try #require(try await Workspace.find(agency.workspaceB, on: app.db))
        #expect(workspace.name == "Client B")
        let posts = try await Post.scoped(to: agency.workspaceB, on: app.db).all()
        #expect(posts.map(\.text) == ["B's secret plan"])
        #expect(try await SocialChannel.scoped(to: agency.workspaceB, on: app.db).count() == 1)
        #expect(try await Membership.scoped(to: agency.workspaceB, on: app.db).count() == 1)
        #expect(try await User.query(on: app.db).filter(\.$email == "mole@agency.test").count() == 0)
        #expect(try await TenancyQueries.membership(userID: agency.editorID, workspaceID: agency.workspaceB, on: app.db) == nil)
    }
}
