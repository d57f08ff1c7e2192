import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// What waits for the person signed in: the bell's counts on every page and the queue on the
/// Notifications page (posts and answers to approve for those who approve, their own posts sent
/// back, inbox items assigned to them).
package enum WaitingService {
    package struct Queue: Sendable {
        package var counts: Waiting.Counts
        package var postsToApprove: [Post]
        package var repliesToApprove: [InboxReply]
        package var changesRequested: [Waiting.Returned]
    }

    package static func counts(_ access: WorkspaceAccess, now: Date = Date(), on database: any Database) async throws -> Waiting.Counts {
        try await Waiting.counts(workspaceID: access.workspaceID, userID: access.userID, role: access.role, now: now, on: database)
    }

    /// The user's workspaces for the switcher and the bell's counts in `access`'s workspace, read together.
    package static func frame(_ access: WorkspaceAccess, now: Date = Date(), on database: any Database) async throws
        -> (listed: [TenancyQueries.Listed], counts: Waiting.Counts)
    {
        try await Waiting.listedWithCounts(userID: access.userID, workspaceID: access.workspaceID, role: access.role, now: now, on: database)
    }

    package static func queue(_ access: WorkspaceAccess, now: Date = Date(), on database: any Database) async throws -> Queue {
        try access.require(.viewPosts)
        let counts = try await counts(access, now: now, on: database)
        let approves = access.can(.approvePosts)
        return Queue(
            counts: counts,
            postsToApprove: approves ? try await Waiting.postsToApprove(workspaceID: access.workspaceID, on: database) : [],
            repliesToApprove: approves ? try await Waiting.repliesToApprove(workspaceID: access.workspaceID, on: database) : [],
            changesRequested: counts.changesRequested > 0
                ? try await Waiting.changesRequested(workspaceID: access.workspaceID, userID: access.userID, on: database) : [])
    }
}
