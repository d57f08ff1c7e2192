import HeraldApp
import Fluent
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

@Suite("Roles: each can do exactly what it should")
struct RolePermissionTests {
    /// One workspace with a member of every role, each with an API token.
    struct Team {
        let workspace: UUID
        let api: [Role: TestBrowser]
        let ids: [Role: UUID]
    }

    static func team(_ app: Application) async throws -> Team {
        let owner = try TestBrowser(app: app)
        let workspace = try await Fixtures.setUpOwner(owner)
        let ownerAPI = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "owner"))
        var api: [Role: TestBrowser] = [.owner: ownerAPI]
        var ids: [Role: UUID] = [:]
        let me = try await ownerAPI.api(.GET, "/api/v1/me")
        ids[.owner] = (me.json["id"] as? String).flatMap { UUID(uuidString: $0) }
        for role in [Role.admin, .editor, .approver, .viewer] {
            let email = "\(role.rawValue)@agency.test"
            let added = try await ownerAPI.api(.POST, "/api/v1/workspaces/\(workspace)/members", json: """
                {"email":"\(email)","name":"\(role.rawValue)","password":"\(Fixtures.password)","role":"\(role.rawValue)"}
                """)
            ids[role] = (added.json["user_id"] as? String).flatMap { UUID(uuidString: $0) }
            let browser = try TestBrowser(app: app)
            try await Fixtures.signIn(browser, email: email)
            api[role] = TestBrowser.sharing(browser, token: try await Fixtures.createToken(browser, name: role.rawValue))
        }
        return Team(workspace: workspace, api: api, ids: ids)
    }

    @Test("API operations by role")
    func apiMatrix() async throws {
        try await withHerald { app in
            let team = try await Self.team(app)
            let w = "/api/v1/workspaces/\(team.workspace)"
            // (what, method, path, body, roles that may)
            let cases: [(String, HTTPMethod, String, String?, Set<Role>)] = [
                ("read workspace", .GET, w, nil, Set(Role.allCases)),
                ("read posts", .GET, "\(w)/posts", nil, Set(Role.allCases)),
                ("read members", .GET, "\(w)/members", nil, Set(Role.allCases)),
                ("read channels", .GET, "\(w)/channels", nil, Set(Role.allCases)),
                ("write a post", .POST, "\(w)/posts", #"{"text":"hello"}"#, [.owner, .admin, .editor]),
                ("change settings", .PATCH, w, #"{"time_zone":"Europe/Berlin"}"#, [.owner, .admin]),
                ("connect a channel", .POST, "\(w)/channels", #"{"platform":"sandbox","name":"S","access_token":"t"}"#, [.owner, .admin]),
                ("export", .GET, "\(w)/export", nil, [.owner, .admin]),
            ]
            for (what, method, path, body, allowed) in cases {
                for role in Role.allCases {
                    let response = try await team.api[role]!.api(method, path, json: body)
                    let ok = (200..<300).contains(response.status.code)
                    #expect(ok == allowed.contains(role), "\(role) \(what): \(response.status)")
                    if !allowed.contains(role) {
                        #expect(response.status == .forbidden)
                        #expect(response.apiError?.message.contains("(\(role.rawValue))") == true)
                    }
                }
            }
            // Adding members: owners and admins; admins cannot make owners.
            for role in Role.allCases {
                let response = try await team.api[role]!.api(.POST, "\(w)/members", json: """
                    {"email":"new-by-\(role.rawValue)@agency.test","name":"New","password":"\(Fixtures.password)","role":"viewer"}
                    """)
                #expect((response.status == .created) == [.owner, .admin].contains(role), "\(role) adds member")
            }
            let adminMakesOwner = try await team.api[.admin]!.api(.PATCH, "\(w)/members/\(team.ids[.viewer]!)",
                                                                   json: #"{"role":"owner"}"#)
            #expect(adminMakesOwner.status == .unprocessableEntity)
            #expect(adminMakesOwner.apiError?.code == "cannot_assign_role")
            let adminDemotesOwner = try await team.api[.admin]!.api(.PATCH, "\(w)/members/\(team.ids[.owner]!)",
                                                                    json: #"{"role":"viewer"}"#)
            #expect(adminDemotesOwner.status == .unprocessableEntity)
            let ownerPromotes = try await team.api[.owner]!.api(.PATCH, "\(w)/members/\(team.ids[.viewer]!)",
                                                                json: #"{"role":"approver"}"#)
            #expect(ownerPromotes.status == .ok)
            #expect(ownerPromotes.json["role"] as? String == "approver")
        }
    }

    @Test("the last owner cannot leave or be demoted")
    func lastOwner() async throws {
        try await withHerald { app in
            let team = try await Self.team(app)
            let w = "/api/v1/workspaces/\(team.workspace)"
            let owner = team.api[.owner]!
            let demote = try await owner.api(.PATCH, "\(w)/members/\(team.ids[.owner]!)", json: #"{"role":"admin"}"#)
            #expect(demote.status == .conflict)
            #expect(demote.apiError?.code == "last_owner")
            #expect(try await owner.api(.DELETE, "\(w)/members/\(team.ids[.owner]!)").status == .conflict)
            // With a second owner, the first may step down.
            #expect(try await owner.api(.PATCH, "\(w)/members/\(team.ids[.admin]!)", json: #"{"role":"owner"}"#).status == .ok)
            #expect(try await owner.api(.PATCH, "\(w)/members/\(team.ids[.owner]!)", json: #"{"role":"admin"}"#).status == .ok)
        }
    }

    @Test("web pages show each role only what it may use, and refuse the rest")
    func webByRole() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let workspace = try await Fixtures.setUpOwner(owner)
            for role in [Role.approver, .viewer, .editor] {
                try await owner.post("/w/\(workspace)/settings/members", form: [
                    "email": "\(role.rawValue)@agency.test", "name": role.rawValue, "password": Fixtures.password,
                    "role": role.rawValue,
                ])
            }
            let members = try await owner.get("/w/\(workspace)/settings/members")
            #expect(members.text.contains("approver@agency.test") && members.text.contains("Add a member"))

            let viewer = try TestBrowser(app: app)
            try await Fixtures.signIn(viewer, email: "viewer@agency.test")
            let compose = try await viewer.get("/w/\(workspace)/compose")
            #expect(compose.status == .ok)
            #expect(!compose.text.contains("<textarea"), "viewers get no composer")
            #expect(try await viewer.post("/w/\(workspace)/compose", form: ["text": "x"]).status == .forbidden)
            let viewerMembers = try await viewer.get("/w/\(workspace)/settings/members")
            #expect(!viewerMembers.text.contains("Add a member"))
            #expect(try await viewer.get("/w/\(workspace)/settings/export").status == .forbidden)

            let editor = try TestBrowser(app: app)
            try await Fixtures.signIn(editor, email: "editor@agency.test")
            #expect(try await editor.post("/w/\(workspace)/compose", form: ["text": "Draft by editor"]).status == .seeOther)
            #expect(try await editor.post("/w/\(workspace)/settings", form: ["name": "Renamed", "time_zone": "UTC"]).status == .forbidden)
            #expect(try await editor.get("/workspaces").text.contains("New workspace") == false,
                    "only organisation owners create workspaces")
            #expect(try await editor.post("/workspaces", form: ["name": "Mine", "time_zone": "UTC"]).status == .forbidden)
        }
    }
}
