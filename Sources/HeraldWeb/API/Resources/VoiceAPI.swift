import Fluent
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// `/api/v1`: The workspace's brand voice.
enum VoiceAPI {
    static func register(_ api: any RoutesBuilder, workspace: any RoutesBuilder) {
        workspace.get("voice", use: showVoice)
        workspace.put("voice", use: updateVoice)
    }

    @Sendable static func showVoice(req: Request) async throws -> VoiceBody {
        let access = try await WorkspaceAccess.resolve(req)
        return VoiceBody(access.workspace.brandVoice, adLabelTemplate: access.workspace.adLabelTemplate)
    }

    @Sendable static func updateVoice(req: Request) async throws -> VoiceBody {
        let input = try req.decodeJSON(VoiceBody.self)
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.manageSettings)
        try await VoiceService.update(access, voice: try input.voice(), adTemplate: input.adLabelTemplate, on: req.db)
        return VoiceBody(access.workspace.brandVoice, adLabelTemplate: access.workspace.adLabelTemplate)
    }
}
