import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// How many of each kind of setting one workspace may have. Settings pages list them whole, the
/// composer offers every campaign and hashtag group, the worker reads every routing rule for each
/// item that arrives and syncs every channel: none of them may grow without end and slow Herald
/// for the other workspaces. Generous for any real workspace; reaching one says so by name.
package enum WorkspaceLimits {
    package enum Kind: Sendable {
        case channels, campaigns, hashtagGroups, routingRules, savedReplies, departments

        package var limit: Int {
            switch self {
            case .channels: 100
            case .campaigns: 1000
            case .hashtagGroups: 200
            case .routingRules: 100
            case .savedReplies: 500
            case .departments: 50
            }
        }

        var message: L {
            switch self {
            case .channels: .limitChannels
            case .campaigns: .limitCampaigns
            case .hashtagGroups: .limitHashtagGroups
            case .routingRules: .limitRoutingRules
            case .savedReplies: .limitSavedReplies
            case .departments: .limitDepartments
            }
        }
    }

    /// Refuses (a problem on no field, nothing written) when the workspace already has as many as it
    /// may. `counted` narrows what counts (a removed channel kept for its history does not).
    package static func ensureRoom<Row: WorkspaceScoped>(for kind: Kind, _ row: Row.Type, in workspaceID: UUID,
                                                        counted: (QueryBuilder<Row>) -> QueryBuilder<Row> = { $0 },
                                                        on database: any Database) async throws {
        guard try await counted(Row.scoped(to: workspaceID, on: database)).count() >= kind.limit else { return }
        throw ValidationError(code: "limit_reached", field: nil, message: .init(kind.message, String(kind.limit)))
    }

    /// The channels a workspace has (not those removed and kept for their history).
    package static func ensureRoomForChannel(in workspaceID: UUID, on database: any Database) async throws {
        try await ensureRoom(for: .channels, SocialChannel.self, in: workspaceID, counted: { $0.filter(\.$archivedAt == nil) }, on: database)
    }
}
