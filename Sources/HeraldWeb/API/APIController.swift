import Fluent
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// `/api/v1`: JSON in and out, personal-token auth, the same services (and so the same
/// permissions) as the web pages. One controller per resource (`API/Resources/`); this only
/// groups their routes under the token check and the workspace.
enum APIController {
    static func register(_ routes: any RoutesBuilder, maxUploadBytes: Int) {
        let api = routes.grouped("api", "v1").grouped(TokenAuthMiddleware(), APIQueryCheck())
        let workspace = api.grouped("workspaces", ":workspace")
        AccountAPI.register(api, workspace: workspace)
        WorkspacesAPI.register(api, workspace: workspace)
        MembersAPI.register(api, workspace: workspace)
        ChannelsAPI.register(api, workspace: workspace)
        PublishingAPI.register(api, workspace: workspace)
        InboxAPI.register(api, workspace: workspace)
        AnalyticsAPI.register(api, workspace: workspace)
        LinksAPI.register(api, workspace: workspace)
        ReportsAPI.register(api, workspace: workspace)
        PostsAPI.register(api, workspace: workspace)
        ApprovalAPI.register(api, workspace: workspace)
        MediaAPI.register(api, workspace: workspace, maxUploadBytes: maxUploadBytes)
        ImportAPI.register(api, workspace: workspace)
        CampaignsAPI.register(api, workspace: workspace)
        HashtagGroupsAPI.register(api, workspace: workspace)
        VoiceAPI.register(api, workspace: workspace)
    }
}
