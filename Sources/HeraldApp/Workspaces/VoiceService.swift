import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// A workspace's brand voice and ad label template.
package enum VoiceService {
    package static func update(_ access: WorkspaceAccess, voice: BrandVoice, adTemplate: String?, on database: any Database) async throws {
        try access.require(.manageSettings)
        let template = try BrandVoice.validAdTemplate(adTemplate)
        access.workspace.brandVoice = voice
        access.workspace.adLabelTemplate = template
        try await access.workspace.save(on: database)
    }
}
