import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// Putting posts on the calendar. A post is scheduled as a wall-clock time in a named zone
/// (the workspace's unless given); the UTC instant is derived from both, so daylight-saving
/// changes never move it. Scheduling is refused while any channel's check blocks.
/// Scheduling refused because a channel's check blocks: which channel, and the finding.
package struct ScheduleBlocked: Error {
    /// Every channel's every blocking finding, in the post's channel order.
    package var blocks: [(channel: String, finding: CheckFinding)]

    package var finding: CheckFinding { blocks[0].finding }

    /// Platform messages name the platform already; voice and ad messages get the channel's name.
    package func message(in language: Language) -> LocalizedText { Self.message(blocks[0], in: language) }

    static func message(_ block: (channel: String, finding: CheckFinding), in language: Language) -> LocalizedText {
        block.finding.source == .platform ? block.finding.message
            : LocalizedText(.scheduleBlocked, arguments: [block.channel, block.finding.message.rendered(in: language)])
    }

    /// Every block as one validation error (the first carrying the rest), as forms and the API show them.
    package func validationError(in language: Language) -> ValidationError {
        var problems = Problems()
        for block in blocks {
            problems.add(ValidationError(code: "blocked", field: block.finding.field, message: Self.message(block, in: language)))
        }
        return problems.error
    }

    package init(blocks: [(channel: String, finding: CheckFinding)]) {
        precondition(!blocks.isEmpty, "a schedule is blocked by something")
        self.blocks = blocks
    }
}

package enum ScheduleService {
    package struct Outcome {
        package var post: Post
        /// Set when the time had to be interpreted (DST gap or overlap).
        package var note: LocalizedText?

        package init(post: Post, note: LocalizedText? = nil) {
            self.post = post
            self.note = note
        }
    }

    package static func schedule(_ access: WorkspaceAccess, postID: UUID, date: String?, time: String?, zone rawZone: String?,
                         now: Date = Date(), on database: any Database) async throws -> Outcome {
        try access.require(.editPosts)
        let post = try await PostService.find(access, id: postID, on: database)
        let local = try LocalDateTime.parse(date: date ?? "", time: time ?? "")
        let zone = try rawZone.flatMap { $0.isEmpty ? nil : $0 }.map { try TimeZoneName.parse($0, field: "time_zone") }
            ?? access.workspace.zone
        let (instant, adjustment) = Schedule.instant(of: local, in: zone)
        guard instant > now else {
            throw ValidationError(code: "in_past", field: "date", message: .init(.scheduleInPast, local.description))
        }
        try await ensurePublishable(access, post: post, on: database)
        let from = post.status
        post.scheduledAt = instant
        post.scheduledLocal = Schedule.local(instant, in: zone).description
        post.scheduledZone = zone.identifier
        post.statusName = PostStatus.scheduled.rawValue
        try await database.writeTransaction { tx in
            try await PostService.withdrawPublications(of: post.requireID(), on: tx)
            try await post.save(on: tx)
            try await WorkflowService.log(post, workspaceID: access.workspaceID, action: "scheduled", from: from, to: .scheduled,
                                          comment: "\(post.scheduledLocal ?? "") \(zone.identifier)",
                                          actor: WorkflowService.actor(access), on: tx)
        }
        let note: LocalizedText? = switch adjustment {
        case .shiftedForward: .init(.scheduleShifted, local.timeString, post.scheduledLocal ?? "")
        case .firstOfTwo: .init(.scheduleAmbiguous, local.timeString)
        case nil: nil
        }
        return Outcome(post: post, note: note)
    }

    /// Into the next free posting slot of any of the post's channels.
    package static func addToQueue(_ access: WorkspaceAccess, postID: UUID, now: Date = Date(), on database: any Database)
        async throws -> Outcome
    {
        try access.require(.editPosts)
        let post = try await PostService.find(access, id: postID, on: database)
        let targets = try await PostTarget.scoped(to: access.workspaceID, on: database)
            .filter(\.$post.$id == post.requireID()).with(\.$channel).all()
        let slots = Array(Set(targets.flatMap { $0.channel.postingSlots }))
        let channelIDs = targets.map { $0.$channel.id }
        let busy = try await PostTarget.scoped(to: access.workspaceID, on: database)
            .filter(\.$channel.$id ~~ channelIDs).filter(\.$post.$id != post.requireID()).with(\.$post).all()
            .compactMap { $0.post.status == .scheduled ? $0.post.scheduledAt : nil }
        let zone = access.workspace.zone
        guard let instant = WeeklySlot.nextFree(slots, after: now, in: zone, taken: Set(busy)) else {
            throw ValidationError(code: "no_slots", field: "channels", message: .init(.scheduleNoSlots))
        }
        let local = Schedule.local(instant, in: zone)
        return try await schedule(access, postID: postID, date: local.dateString, time: local.timeString,
                                  zone: zone.identifier, now: now, on: database)
    }

    package static func unschedule(_ access: WorkspaceAccess, postID: UUID, on database: any Database) async throws -> Post {
        try access.require(.editPosts)
        let post = try await PostService.find(access, id: postID, on: database)
        let from = post.status
        post.scheduledAt = nil
        post.scheduledLocal = nil
        post.scheduledZone = nil
        let to: PostStatus = access.workspace.approvalRequired ? .approved : .draft
        post.statusName = to.rawValue
        try await database.writeTransaction { tx in
            try await PostService.withdrawPublications(of: post.requireID(), on: tx)
            try await post.save(on: tx)
            try await WorkflowService.log(post, workspaceID: access.workspaceID, action: "unscheduled", from: from, to: to,
                                          comment: nil, actor: WorkflowService.actor(access), on: tx)
        }
        return post
    }

    private static func ensurePublishable(_ access: WorkspaceAccess, post: Post, on database: any Database) async throws {
        if access.workspace.approvalRequired, ![.approved, .scheduled].contains(post.status) {
            throw AppError.conflict(.init(code: "needs_approval", field: nil, message: .init(.scheduleNeedsApproval)))
        }
        let checks = try await PostService.checks(of: post, access: access, on: database)
        guard !checks.isEmpty else {
            throw ValidationError(code: "no_channels", field: "channels", message: .init(.scheduleNoChannels))
        }
        // Every channel's blocks at once: the person fixes them all before trying again.
        let blocks = checks.flatMap { _, channel, check in
            check.findings.filter { $0.severity == .block }.map { (channel: channel.name, finding: $0) }
        }
        if !blocks.isEmpty { throw ScheduleBlocked(blocks: blocks) }
    }
}
