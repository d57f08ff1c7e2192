import Fluent
import HeraldCore
import HeraldStore
import Vapor

/// A workspace's brand voice and ad label template.
enum VoiceService {
    static func update(_ access: WorkspaceAccess, voice: BrandVoice, adTemplate: String?, on database: any Database) async throws {
        try access.require(.manageSettings)
        let template = try BrandVoice.validAdTemplate(adTemplate)
        access.workspace.brandVoice = voice
        access.workspace.adLabelTemplate = template
        try await access.workspace.save(on: database)
    }
}
