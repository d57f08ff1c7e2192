import HeraldApp
import Foundation
import HeraldEmulators
import HeraldTestSupport
import Testing
import Vapor

/// The agency of the acceptance criteria: an owner with two client workspaces, A and B, an
/// editor in A only, and content (a channel, a post) in both.
struct Agency {
    let owner: TestBrowser
    let ownerAPI: TestBrowser
    let editor: TestBrowser
    let editorAPI: TestBrowser
    let workspaceA: UUID
    let workspaceB: UUID
    let postA: UUID
    let postB: UUID
    let channelB: UUID
    let editorID: UUID

    static let editorEmail = "edith@agency.test"

    static func make(_ app: Application) async throws -> Agency {
        try await make(owner: try TestBrowser(app: app), editor: try TestBrowser(app: app))
    }

    static func make(owner: TestBrowser, editor: TestBrowser) async throws -> Agency {
        _ = try await Fixtures.setUpOwner(owner, workspace: "Agency itself")
        let ownerAPI = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "owner"))
        let a = try await create(ownerAPI, "/api/v1/workspaces", #"{"name":"Client A","time_zone":"Europe/Berlin"}"#)
        let b = try await create(ownerAPI, "/api/v1/workspaces", #"{"name":"Client B","time_zone":"America/New_York","language":"ru"}"#)
        let member = try await ownerAPI.api(.POST, "/api/v1/workspaces/\(a)/members", json: """
            {"email":"\(editorEmail)","name":"Edith Editor","password":"\(Fixtures.password)","role":"editor"}
            """)
        #expect(member.status == .created)
        let editorID = try #require((member.json["user_id"] as? String).flatMap { UUID(uuidString: $0) })
        let postA = try await create(ownerAPI, "/api/v1/workspaces/\(a)/posts", #"{"text":"A's launch"}"#)
        let postB = try await create(ownerAPI, "/api/v1/workspaces/\(b)/posts", #"{"text":"B's secret plan"}"#)
        let channelB = try await create(ownerAPI, "/api/v1/workspaces/\(b)/channels",
                                        #"{"platform":"sandbox","name":"B on Sandbox","access_token":"b-secret-token"}"#)
        try await Fixtures.signIn(editor, email: editorEmail)
        let editorAPI = TestBrowser.sharing(editor, token: try await Fixtures.createToken(editor, name: "editor"))
        return Agency(owner: owner, ownerAPI: ownerAPI, editor: editor, editorAPI: editorAPI, workspaceA: a,
                      workspaceB: b, postA: postA, postB: postB, channelB: channelB, editorID: editorID)
    }

    /// A new Sandbox channel in workspace A, made by the owner through the API.
    func sandboxChannelA(_ name: String) async throws -> UUID {
        try await Self.create(ownerAPI, "/api/v1/workspaces/\(workspaceA)/channels", #"{"platform":"sandbox","name":"\#(name)"}"#)
    }

    static func create(_ api: TestBrowser, _ path: String, _ json: String) async throws -> UUID {
        let response = try await api.api(.POST, path, json: json)
        guard response.status == .created, let id = (response.json["id"] as? String).flatMap({ UUID(uuidString: $0) }) else {
            throw FixtureError.unexpected("POST \(path) answered \(response.status): \(response.text)")
        }
        return id
    }
}

/// Herald with an owner, a workspace, an API token and a Mastodon channel ("Fedi") on a running
/// emulator whose token is `t0k`.
struct MastodonScene {
    let app: Application
    let owner: TestBrowser
    let workspace: UUID
    let api: TestBrowser
    let channel: UUID
    let mastodon: MastodonEmulator

    var base: String { "/api/v1/workspaces/\(workspace)" }

    static func with(_ adjust: (inout HeraldConfiguration) -> Void = { _ in },
                     _ body: (MastodonScene) async throws -> Void) async throws {
        let mastodon = MastodonEmulator(token: "t0k")
        try await mastodon.start()
        do {
            try await withHerald(adjust) { app in
                let owner = try TestBrowser(app: app)
                let w = try await Fixtures.setUpOwner(owner)
                let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
                let channel = try await Agency.create(api, "/api/v1/workspaces/\(w)/channels",
                                                      #"{"platform":"mastodon","name":"Fedi","access_token":"t0k","instance_url":"\#(mastodon.baseURL)"}"#)
                try await body(MastodonScene(app: app, owner: owner, workspace: w, api: api, channel: channel, mastodon: mastodon))
            }
        } catch {
            await mastodon.stop()
            throw error
        }
        await mastodon.stop()
    }
}
