import Foundation
import HeraldTestSupport
import Vapor

/// A signed-up owner with an API token, one Sandbox channel and one post published on it through
/// the publisher: the start of tests about what follows a publication.
struct SandboxScene {
    let owner: TestBrowser
    let api: TestBrowser
    let workspace: UUID
    let channel: UUID
    let post: UUID
    var base: String { "/api/v1/workspaces/\(workspace)" }

    /// `post` makes the post's JSON for the channel's id.
    static func published(_ app: Application, channelName: String = "Sandbox", post: (UUID) -> String) async throws -> SandboxScene {
        let owner = try TestBrowser(app: app)
        let workspace = try await Fixtures.setUpOwner(owner)
        let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
        let base = "/api/v1/workspaces/\(workspace)"
        let channel = try await Agency.create(api, "\(base)/channels", #"{"platform":"sandbox","name":"\#(channelName)","access_token":"s-1"}"#)
        let id = try await Agency.create(api, "\(base)/posts", post(channel))
        try await Fixtures.publishNow(app, post: id)
        return SandboxScene(owner: owner, api: api, workspace: workspace, channel: channel, post: id)
    }
}
