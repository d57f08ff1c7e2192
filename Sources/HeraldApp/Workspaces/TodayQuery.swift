import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// What the day holds for one person in one workspace, most pressing first: unanswered inbox
/// items by priority (the oldest waiting first), what waits for their approval, publications that
/// failed or are unknown, empty queue slots in the next seven days, then the month ahead.
package enum TodayQuery {
    package struct EmptySlot: Sendable {
        package var channel: SocialChannel
        package var at: Date
    }

    package struct Today: Sendable {
        package var unanswered: [InboxItem]
        package var unansweredCount: Int
        package var postsToApprove: [Post]
        package var repliesToApprove: [InboxReply]
        /// My drafts sent back with changes requested.
        package var changesRequested: [Waiting.Returned]
        package var problems: [PublicationRecord]
        package var emptySlots: [EmptySlot]
        /// Posts going out in the next 30 days, soonest first.
        package var ahead: [Post]
    }

    package static func today(_ access: WorkspaceAccess, now: Date = Date(), on database: any Database) async throws -> Today {
        try access.require(.viewPosts)
        let w = access.workspaceID
        let open = InboxItem.scoped(to: w, on: database).filter(\.$statusName == InboxItem.Status.open.rawValue)
            .group(.or) { $0.filter(\.$snoozedUntil == nil).filter(\.$snoozedUntil <= now) }
        let unansweredCount = try await open.count()
        // Most pressing first: priority, then whoever has waited longest.
        let candidates = try await InboxItem.scoped(to: w, on: database).filter(\.$statusName == InboxItem.Status.open.rawValue)
            .group(.or) { $0.filter(\.$snoozedUntil == nil).filter(\.$snoozedUntil <= now) }
            .with(\.$channel).sort(\.$at).limit(500).all()
        // Past or near its service-level target first, then by priority, then the longest waiting.
        let clocks = InboxService.clocks(of: candidates, in: access.workspace, now: now)
        let unanswered = InboxService.pressingFirst(candidates, clocks: clocks) { a, b in
            a.priority != b.priority ? a.priority > b.priority : a.at < b.at
        }.prefix(10)
        var postsToApprove: [Post] = []
        var repliesToApprove: [InboxReply] = []
        if access.can(.approvePosts) {
            postsToApprove = try await Waiting.postsToApprove(workspaceID: w, limit: 20, on: database)
            repliesToApprove = try await Waiting.repliesToApprove(workspaceID: w, limit: 20, on: database)
        }
        let problems = try await PublicationRecord.scoped(to: w, on: database)
            .filter(\.$stateName ~~ [PublicationState.Kind.failed.rawValue, PublicationState.Kind.unknown.rawValue])
            .with(\.$channel).with(\.$post).sort(\.$updatedAt, .descending).limit(10).all()
        let channels = try await SocialChannel.scoped(to: w, on: database).filter(\.$archivedAt == nil)
            .filter(\.$stateName == ChannelState.active.rawValue).all()
        let week = now.addingTimeInterval(7 * 86_400)
        // A slot is taken by any post on that channel at that time (whatever its status). Only the
        // times of the channels that have slots are read, as plain rows: a busy week is thousands of posts.
        let slotted = channels.filter { !$0.postingSlots.isEmpty }
        let taken = slotted.isEmpty ? [:] : try await CalendarRows.times(workspaceID: w, channels: slotted.compactMap(\.id),
                                                                           from: now, to: week, on: database)
        var emptySlots: [EmptySlot] = []
        for channel in slotted {
            guard let id = channel.id else { continue }
            var after = now
            while let slot = WeeklySlot.nextFree(channel.postingSlots, after: after, in: access.workspace.zone, taken: taken[id] ?? [], weeks: 1),
                  slot <= week {
                emptySlots.append(EmptySlot(channel: channel, at: slot))
                after = slot
            }
        }
        let ahead = try await Post.scoped(to: w, on: database).filter(\.$statusName == PostStatus.scheduled.rawValue)
            .filter(\.$scheduledAt >= now).filter(\.$scheduledAt <= now.addingTimeInterval(30 * 86_400))
            .sort(\.$scheduledAt).limit(30).all()
        let changesRequested = access.can(.editPosts)
            ? try await Waiting.changesRequested(workspaceID: w, userID: access.userID, limit: 20, on: database) : []
        return Today(unanswered: Array(unanswered), unansweredCount: unansweredCount, postsToApprove: postsToApprove,
                     repliesToApprove: repliesToApprove, changesRequested: changesRequested, problems: problems,
                     emptySlots: emptySlots.sorted { $0.at < $1.at }, ahead: ahead)
    }
}
