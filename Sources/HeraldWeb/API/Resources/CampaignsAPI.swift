import Fluent
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// `/api/v1`: Campaigns.
enum CampaignsAPI {
    static func register(_ api: any RoutesBuilder, workspace: any RoutesBuilder) {
        workspace.get("campaigns", use: listCampaigns)
        workspace.post("campaigns", use: createCampaign)
        workspace.get("campaigns", ":campaign", use: showCampaign)
        workspace.patch("campaigns", ":campaign", use: updateCampaign)
        workspace.delete("campaigns", ":campaign", use: deleteCampaign)
    }

    @Sendable static func listCampaigns(req: Request) async throws -> ListDTO<CampaignDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        return ListDTO(items: try await CampaignService.list(access, on: req.db).map { try CampaignDTO($0) })
    }

    @Sendable static func createCampaign(req: Request) async throws -> Response {
        let input = try req.decodeJSON(CampaignService.Fields.self)
        let access = try await WorkspaceAccess.resolve(req)
        let campaign = try await CampaignService.create(access, input, on: req.db)
        return try await CampaignDTO(campaign, posts: []).encodeResponse(status: .created, for: req)
    }

    @Sendable static func showCampaign(req: Request) async throws -> CampaignDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let campaign = try await CampaignService.find(access, id: req.uuidParameter("campaign"), on: req.db)
        return try CampaignDTO(campaign, posts: try await CampaignService.posts(of: campaign, access: access, on: req.db))
    }

    @Sendable static func updateCampaign(req: Request) async throws -> CampaignDTO {
        let input = try req.decodeJSON(CampaignService.Fields.self)
        let access = try await WorkspaceAccess.resolve(req)
        let campaign = try await CampaignService.update(access, id: req.uuidParameter("campaign"), input, on: req.db)
        return try CampaignDTO(campaign, posts: try await CampaignService.posts(of: campaign, access: access, on: req.db))
    }

    @Sendable static func deleteCampaign(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await CampaignService.delete(access, id: req.uuidParameter("campaign"), on: req.db)
        return .noContent
    }
}
