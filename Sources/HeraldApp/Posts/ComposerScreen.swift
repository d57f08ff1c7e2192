import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// What the composer shows beside the text as typed: the channels, campaigns, library files and
/// hashtag groups to pick from, every channel's checks of the draft, and (for a new post) the
/// workspace's drafts below. The page only draws this.
package struct ComposerScreen {
    package var channels: [SocialChannel]
    package var campaigns: [Campaign]
    /// The newest library files (the picker shows at most this many).
    package var library: [MediaFile]
    package var hashtagGroups: [HashtagGroup]
    package var checks: [ComposerChecks.Result]
    /// The drafts listed under a new post's composer; nil on a post's own page.
    package var drafts: (items: [Post], next: Int?)?

    package static let libraryShown = 60

    package static func load(_ access: WorkspaceAccess, draft: PostService.Draft, drafts page: PageRequest?,
                             on database: any Database) async throws -> ComposerScreen {
        ComposerScreen(
            channels: try await ChannelService.list(access, on: database),
            campaigns: try await CampaignService.list(access, on: database),
            library: try await MediaService.list(access, query: nil, folder: nil, tag: nil, page: PageRequest(limit: libraryShown),
                                                 on: database).items,
            hashtagGroups: try await HashtagGroupService.list(access, on: database),
            checks: try await ComposerChecks.run(access, draft, findings: true, on: database),
            drafts: try await page.asyncFlatMap { try await PostService.drafts(access, page: $0, on: database) })
    }
}
