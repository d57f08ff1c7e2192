import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore

/// What the inbox page shows for one filter, read in one place: the items with each author's
/// history, the choices every item's work form offers (members, departments, saved replies, what
/// the platform lets the account do), the channels whose sync fails, and an answer box filled from
/// a saved reply when one was asked for. The page only draws this.
package struct InboxScreen {
    package var entries: [InboxService.Entry]
    /// By item: the same author's earlier items (across channels of the same platform).
    package var histories: [UUID: [InboxItem]]
    package var members: [(UUID, String)]
    package var departments: [(UUID, String)]
    package var channels: [SocialChannel]
    /// Channels whose last sync failed, with what went wrong.
    package var syncProblems: [(SocialChannel, String)]
    package var savedReplies: [SavedReply]
    /// An item's answer box filled with a saved reply ("Insert").
    package var draft: (UUID, String)?
    /// By item: what its platform lets the account do to it (like, hide, delete).
    package var platformActions: [UUID: Set<ModerationAction>]

    /// `insert`: the item whose box should hold a saved reply, and which one.
    package static func load(_ access: WorkspaceAccess, _ filter: InboxService.Filter, insert: (item: UUID, saved: UUID)?,
                             connectors: Connectors, on database: any Database) async throws -> InboxScreen {
        let entries = try await InboxService.list(access, filter, on: database)
        let saved = try await SavedReplyService.list(access, on: database)
        var draft: (UUID, String)?
        if let insert, let entry = entries.first(where: { $0.item.id == insert.item }),
           let template = saved.first(where: { $0.id == insert.saved }) {
            draft = (insert.item, try await SavedReplyService.draft(template, for: entry.item, on: database))
        }
        var actions: [UUID: Set<ModerationAction>] = [:]
        for entry in entries {
            guard let id = entry.item.id else { continue }
            actions[id] = InboxService.platformActions(entry.item, channel: entry.item.channel, connectors: connectors)
        }
        return InboxScreen(
            entries: entries,
            histories: try await InboxService.histories(access, of: entries.map(\.item), on: database),
            members: try await TenancyQueries.members(of: access.workspaceID, on: database).map { ($0.$user.id, $0.user.name) },
            departments: try await DepartmentService.list(access, on: database).compactMap { entry in
                entry.department.id.map { ($0, entry.department.name) }
            },
            channels: try await ChannelService.list(access, on: database),
            syncProblems: try await InboxService.syncProblems(access, on: database),
            savedReplies: saved, draft: draft, platformActions: actions)
    }
}
