import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore

extension InboxService {
    /// What the item's platform lets the account do to it (nothing for a platform that cannot, or an item deleted there).
    package static func platformActions(_ item: InboxItem, channel: SocialChannel, connectors: Connectors) -> Set<ModerationAction> {
        guard item.deletedAt == nil, let platform = channel.platform, let moderating = connectors.connector(for: platform) as? any Moderating,
              let kind = ConversationItem.Kind(rawValue: item.kindName) else { return [] }
        return moderating.moderationActions(for: kind)
    }

    /// Likes, hides or deletes the item on its platform, as the channel's account, now; the item's
    /// history says who did it. A deletion also marks it deleted and done. An action the platform
    /// does not allow is refused by name, before anything is sent.
    package static func moderate(_ access: WorkspaceAccess, itemID: UUID, action raw: String?, box: SecretBox, connectors: Connectors,
                                 now: Date = Date(), on database: any Database) async throws -> InboxItem {
        try access.require(.editPosts)
        guard let item = try await InboxItem.scoped(to: access.workspaceID, on: database).filter(\.$id == itemID).with(\.$channel).first() else {
            throw AppError.notFound
        }
        guard let action = raw.flatMap(ModerationAction.init(rawValue:)) else {
            throw ValidationError(code: "invalid_choice", field: "action",
                                  message: .init(.errorInvalidChoice, raw ?? "", ModerationAction.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        let channel = item.channel
        let platformName = channel.platform?.displayName ?? channel.platformName
        guard platformActions(item, channel: channel, connectors: connectors).contains(action),
              let platform = channel.platform, let moderating = connectors.connector(for: platform) as? any Moderating else {
            throw ValidationError(code: "not_allowed_on_platform", field: "action", message: .init(.inboxActionNotAllowed, platformName, action.rawValue))
        }
        let credential: String
        do { credential = try channel.openCredential(with: box) } catch {
            throw ValidationError(code: "needs_reconnect", field: nil, message: .init(.fixReconnect))
        }
        do {
            try await moderating.moderate(action, remoteID: item.remoteID, credential: credential)
        } catch {
            throw ValidationError(code: "platform_refused", field: "action",
                                  message: .init(.inboxActionRefused, platformName, error.message ?? ""))
        }
        try await database.writeTransaction { tx in
            if action == .delete {
                item.deletedAt = now
                item.close(at: now)
                try await item.save(on: tx)
            }
            try await InboxEvent(workspaceID: access.workspaceID, itemID: itemID, at: now, userID: access.userID,
                                 kind: "platform_\(action.rawValue)", detail: nil).save(on: tx)
        }
        return item
    }
}
