import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// Checks a draft that is not saved yet (the composer as the user types; `POST …/posts/check`).
package enum ComposerChecks {
    package struct Result {
        package var channel: SocialChannel
        package var check: VariantCheck
        /// What this channel's audience made of posts like this one (a clear content finding), if anything.
        package var finding: ContentFindings.Group?

        package init(channel: SocialChannel, check: VariantCheck, finding: ContentFindings.Group? = nil) {
            self.channel = channel
            self.check = check
            self.finding = finding
        }
    }

    /// `findings`: also look up what the channel's audience made of posts like this one (the
    /// composer page; the API's check answers the rules alone).
    package static func run(_ access: WorkspaceAccess, _ draft: PostService.Draft, findings: Bool = false,
                            on database: any Database) async throws -> [Result] {
        let variants = Dictionary((draft.variants ?? []).map { ($0.channelID, $0) }, uniquingKeysWith: { $1 })
        let campaignID: UUID? = if case .set(let id) = draft.campaign { id } else { nil }
        let context = try await PostService.assemblyContext(isAd: draft.ad != nil, advertiser: draft.ad?.advertiser, token: draft.ad?.token,
                                                            campaignID: campaignID, workspace: access.workspace, on: database)
        var results: [Result] = []
        for id in draft.channels ?? [] {
            // Unknown or foreign ids are skipped here; saving reports them by field.
            guard let channel = try await SocialChannel.find(id, in: access.workspaceID, on: database),
                  let platform = channel.platform else { continue }
            let own = variants[id]?.text?.trimmingCharacters(in: .whitespacesAndNewlines)
            let text = own?.isEmpty == false ? own! : (draft.text ?? "")
            let files = try await PostService.mediaFiles(variants[id]?.media ?? draft.media ?? [], workspaceID: access.workspaceID,
                                                         on: database)
            let variant = variants[id]
            let options = (try? variant?.options.map { try PlatformOption.validate($0, for: platform, field: "options") }) ?? nil
            let content = VariantContent(text: text, firstComment: variant?.firstComment, link: variant?.link,
                                         media: files.map(\.asMediaItem), options: options ?? [:], thread: variant?.thread ?? [])
            var finding: ContentFindings.Group?
            if findings {
                let kind = ContentKind.of(text: text, media: files.map(\.asMediaItem.format), link: variant?.link)
                finding = try await ContentFindingsMemo.shared.findings(access, channel: id, on: database)
                    .relevant(kind: kind, imageTags: files.flatMap(\.tagList))
            }
            results.append(Result(channel: channel, check: PostService.assemble(content, for: platform, context: context.on(post: nil, channel: id), rules: channel.rules).check,
                                  finding: finding))
        }
        return results.sorted { $0.channel.name.localizedCaseInsensitiveCompare($1.channel.name) == .orderedAscending }
    }
}
