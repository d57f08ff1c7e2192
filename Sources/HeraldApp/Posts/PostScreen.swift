import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore

/// What a post's page shows, read in one place: the post and its channels, its history, what
/// each channel will get (previews) and, once it is out, how each publication stands and what the
/// platform lets a person still do with it. The page only draws this; it reads nothing itself.
package struct PostScreen {
    /// One channel's preview: the final payload and the attached files (for their thumbnails).
    package struct Preview {
        package var channelName: String
        package var outgoing: Outgoing
        package var files: [MediaFile]
    }

    /// One publication as the page shows it.
    package struct Publishing {
        package var status: PublishingService.Status
        /// The text as it now stands on the platform (the last correction, or what was sent).
        package var current: String
        /// The platform can correct a published post in place / delete it (the connector's capabilities).
        package var editable: Bool
        package var deletable: Bool
        /// The last few things the platform's audience said under the post, where the network
        /// keeps them with Herald (the built-in Sandbox); empty elsewhere (the inbox has the rest).
        package var conversation: [SandboxEvent]
    }

    package var post: Post
    /// The post's channels, each loaded.
    package var targets: [PostTarget]
    package var events: [PostEvent]
    package var previews: [Preview]
    package var publishing: [Publishing]
    package var campaignName: String?
    /// Out (or perhaps out) on some channel: the page shows what went out and offers nothing to edit.
    package var isOut: Bool

    package static func load(_ access: WorkspaceAccess, id: UUID, connectors: Connectors, now: Date = Date(),
                             on database: any Database) async throws -> PostScreen {
        let post = try await PostService.find(access, id: id, on: database)
        let targets = try await PostTarget.scoped(to: access.workspaceID, on: database).filter(\.$post.$id == id)
            .with(\.$channel).all()
        let events = try await WorkflowService.events(of: id, access: access, on: database)
        let outgoing = try await PostService.outgoing(of: post, workspace: access.workspace, on: database)
        let previews = try await previews(post, outgoing: outgoing, workspaceID: access.workspaceID, on: database)
        let sent = Dictionary(outgoing.compactMap { target, _, outgoing in target.id.map { ($0, outgoing.text) } },
                              uniquingKeysWith: { first, _ in first })
        var publishing: [Publishing] = []
        for status in try await PublishingService.statuses(of: id, access: access, now: now, on: database) {
            let publication = status.publication
            let connector = publication.channel.platform.flatMap(connectors.connector(for:))
            // Where the network keeps its audience with Herald (`status.engagement`: the Sandbox), its last words too.
            let conversation = if status.engagement != nil, let remoteID = publication.remoteID {
                try await SandboxNetwork.conversation(remoteID: remoteID, limit: 5, on: database)
            } else { [SandboxEvent]() }
            publishing.append(Publishing(status: status, current: status.edits.last?.text ?? sent[publication.$target.id] ?? "",
                                         editable: connector is any Editing, deletable: connector is any Deleting,
                                         conversation: conversation))
        }
        let isOut = post.status == .published || publishing.contains { $0.status.publication.kind.mayBeOut }
        let campaignName = isOut ? await post.campaignID.asyncFlatMap { (try? await CampaignService.find(access, id: $0, on: database))?.name }
            : nil
        return PostScreen(post: post, targets: targets, events: events, previews: previews, publishing: publishing,
                          campaignName: campaignName, isOut: isOut)
    }

    /// Previews of every channel of a post, in channel-name order (the client's approval page shows them too).
    package static func previews(_ post: Post, workspace: Workspace, on database: any Database) async throws -> [Preview] {
        try await previews(post, outgoing: PostService.outgoing(of: post, workspace: workspace, on: database),
                           workspaceID: workspace.requireID(), on: database)
    }

    private static func previews(_ post: Post, outgoing: [(PostTarget, SocialChannel, Outgoing)], workspaceID: UUID,
                                 on database: any Database) async throws -> [Preview] {
        var previews: [Preview] = []
        for (target, channel, outgoing) in outgoing {
            let files = try await PostService.mediaFiles(target.ownMediaIDs ?? post.mediaIDs, workspaceID: workspaceID, on: database)
            previews.append(Preview(channelName: channel.name, outgoing: outgoing, files: files))
        }
        return previews
    }
}
