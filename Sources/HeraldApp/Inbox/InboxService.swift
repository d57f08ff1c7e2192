import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldJobs
import HeraldStore
import SQLKit

/// The team's side of the inbox: what came in, filtered; answering an item through its channel's
/// connector (the platform's text limit checked first, the answer recorded before it leaves, never
/// sent twice); moving items between open, waiting and done.
package enum InboxService {
    package struct Filter: Sendable {
        package var status: InboxItem.Status?
        package var channelID: UUID?
        /// Only items assigned to this member; `unassigned`: only items nobody has.
        package var assignee: UUID?
        package var unassigned = false
        package var priority: InboxItem.Priority?
        package var label: String?
        package var departmentID: UUID?
        /// Words to find (full-text, English and Russian endings ignored).
        package var query: String?
        package var mood: SentimentReading.Mood?
        package var urgentOnly = false
        /// Snoozed items only (otherwise they are left out until they wake).
        package var snoozed = false
        package var limit = 100

        package init(status: InboxItem.Status? = nil, channelID: UUID? = nil, limit: Int = 100) {
            self.status = status
            self.channelID = channelID
            self.limit = limit
        }

        /// From query or form strings; an unknown status is refused by name. `assigned`: `me`,
        /// `none`, a member's id, or empty for everyone's.
        package static func parse(status: String?, channel: String?, assigned: String? = nil, me: UUID? = nil, priority: String? = nil,
                                  label: String? = nil, department: String? = nil, query: String? = nil, mood: String? = nil,
                                  urgent: String? = nil) throws -> Filter {
            var filter = Filter()
            if let raw = mood?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
                guard let value = SentimentReading.Mood(rawValue: raw) else {
                    throw ValidationError(code: "invalid_choice", field: "mood", message: .init(.errorInvalidChoice, raw, "negative, neutral, positive"))
                }
                filter.mood = value
            }
            switch urgent?.trimmingCharacters(in: .whitespaces).lowercased() {
            case nil, "", "false", "0": break
            case "true", "1": filter.urgentOnly = true
            case let raw?: throw ValidationError(code: "invalid_flag", field: "urgent", message: .init(.errorInvalidChoice, raw, "true, false"))
            }
            if let raw = priority?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
                guard let value = InboxItem.Priority(rawValue: raw) else {
                    throw ValidationError(code: "invalid_choice", field: "priority", message: .init(.errorInvalidChoice, raw, "low, normal, high, urgent"))
                }
                filter.priority = value
            }
            if let raw = label?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
                filter.label = try InboxService.labels(raw, field: "label").first
            }
            if let raw = department?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
                guard let id = UUID(text: raw) else {
                    throw ValidationError(code: "invalid_id", field: "department", message: .init(.errorInvalidID, raw))
                }
                filter.departmentID = id
            }
            if let raw = query?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty {
                guard raw.count <= 200 else {
                    throw ValidationError(code: "too_long", field: "q", message: .init(.errorTooLong, "200", String(raw.count - 200)))
                }
                filter.query = raw
            }
            if status?.trimmingCharacters(in: .whitespaces) == "snoozed" {
                filter.snoozed = true
            } else if let raw = status?.trimmingCharacters(in: .whitespaces), !raw.isEmpty, raw != "all" {
                guard let value = InboxItem.Status(rawValue: raw) else {
                    throw ValidationError(code: "invalid_choice", field: "status", message: .init(.errorInvalidChoice, raw, "open, waiting, done, snoozed, all"))
                }
                filter.status = value
            }
            if let raw = channel?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
                guard let id = UUID(text: raw) else {
                    throw ValidationError(code: "invalid_id", field: "channel", message: .init(.errorInvalidID, raw))
                }
                filter.channelID = id
            }
            switch assigned?.trimmingCharacters(in: .whitespaces) {
            case nil, "", "all": break
            case "none": filter.unassigned = true
            case "me": filter.assignee = me
            case let raw?:
                guard let id = UUID(text: raw) else {
                    throw ValidationError(code: "invalid_choice", field: "assigned", message: .init(.errorInvalidChoice, raw, "me, none, a member's id"))
                }
                filter.assignee = id
            }
            return filter
        }
    }

    package struct Entry: Sendable {
        package var item: InboxItem
        package var replies: [InboxReply]
        /// What was done to it, by people and routing rules, oldest first.
        package var events: [InboxEvent]
        /// Where it stands against the workspace's service levels.
        package var clock: ServiceClock?

        package init(item: InboxItem, replies: [InboxReply], events: [InboxEvent] = [], clock: ServiceClock? = nil) {
            self.item = item
            self.replies = replies
            self.events = events
            self.clock = clock
        }
    }

    /// Items newest first, with the answers sent to each.
    package static func list(_ access: WorkspaceAccess, _ filter: Filter, now: Date = Date(), on database: any Database) async throws -> [Entry] {
        try access.require(.viewPosts)
        var query = InboxItem.scoped(to: access.workspaceID, on: database).with(\.$channel)
        if let words = filter.query {
            guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
            let found = try await InboxSearch.ids(workspaceID: access.workspaceID, query: words, limit: 500, on: sql)
            query = query.filter(\.$id ~~ found)
        }
        if let status = filter.status { query = query.filter(\.$statusName == status.rawValue) }
        if let channel = filter.channelID { query = query.filter(\.$channel.$id == channel) }
        if let assignee = filter.assignee { query = query.filter(\.$assignedTo == assignee) }
        if filter.unassigned { query = query.filter(\.$assignedTo == nil) }
        if let priority = filter.priority { query = query.filter(\.$priorityName == priority.rawValue) }
        if let label = filter.label { query = query.filter(\.$labelsText, .custom("LIKE"), "%,\(label),%") }
        if let department = filter.departmentID { query = query.filter(\.$departmentID == department) }
        if let mood = filter.mood { query = query.filter(\.$sentiment == mood.rawValue) }
        if filter.urgentOnly { query = query.filter(\.$urgent == true) }
        if filter.snoozed {
            query = query.filter(\.$snoozedUntil > now)
        } else if filter.query == nil {
            query = query.group(.or) { $0.filter(\.$snoozedUntil == nil).filter(\.$snoozedUntil <= now) }
        }
        // The open view weighs the oldest items (they run out first) and the oldest of the
        // short-target priorities, however many older items wait (an urgent item an hour old runs
        // out before a normal one of yesterday), and newer items that may overtake slower ones
        // among the oldest; the others are newest first.
        var items: [InboxItem]
        if filter.status == .open {
            let batch = try await query.copy().sort(\.$at, .ascending).limit(500).all()
            items = batch
            var seen = Set(items.compactMap(\.id))
            for priority in InboxQueries.indexedPriorities where filter.priority == nil {
                let oldest = try await query.copy().priority(indexed: priority)
                    .sort(\.$at, .ascending).limit(max(1, min(500, filter.limit))).all()
                items += oldest.filter { $0.id.map { seen.insert($0).inserted } ?? false }
            }
            items += try await newerOvertaking(oldest: batch, query: query, filter: filter,
                                               targets: access.workspace.serviceTargets).filter { $0.id.map { seen.insert($0).inserted } ?? false }
        } else {
            items = try await query.sort(\.$at, .descending).limit(max(1, min(500, filter.limit))).all()
        }
        let clocks = clocks(of: items, in: access.workspace, now: now)
        // In the open view, what is past or near its target comes first, the soonest due first.
        if filter.status == .open {
            items = Array(pressingFirst(items, clocks: clocks) { $0.at > $1.at }.prefix(max(1, min(500, filter.limit))))
        }
        let ids = items.compactMap(\.id)
        let replies = try await InboxReply.scoped(to: access.workspaceID, on: database).filter(\.$item.$id ~~ ids).sort(\.$createdAt).all()
        let events = try await InboxEvent.scoped(to: access.workspaceID, on: database).filter(\.$item.$id ~~ ids).sort(\.$at).all()
        return items.map { item in
            Entry(item: item, replies: replies.filter { $0.$item.id == item.id }, events: events.filter { $0.$item.id == item.id },
                  clock: item.id.flatMap { clocks[$0] })
        }
    }

    /// Open items of the normal and low priorities newer than the `oldest` 500 that may run out
    /// before some of them: when k of those have a priority with a longer first-response target
    /// than P, the k oldest newer items of P are weighed too (within a priority, an older item runs
    /// out first, so no other newer item of P can take one of those places). Read along the status
    /// index from the newest of `oldest`; nothing when fewer than 500 items are open.
    static func newerOvertaking(oldest: [InboxItem], query: QueryBuilder<InboxItem>, filter: Filter,
                                targets: ServiceTargets) async throws -> [InboxItem] {
        guard oldest.count == 500, filter.priority == nil, let newest = oldest.map(\.at).max() else { return [] }
        func firstResponse(_ priority: InboxItem.Priority) -> TimeInterval { targets.target(for: priority.rawValue).firstResponse }
        var found: [InboxItem] = []
        for priority in [InboxItem.Priority.normal, .low] {
            let slower = oldest.count { firstResponse($0.priority) > firstResponse(priority) }
            guard slower > 0 else { continue }
            found += try await query.copy().filter(\.$priorityName == priority.rawValue).filter(\.$at >= newest)
                .sort(\.$at, .ascending).limit(slower).all()
        }
        return found
    }

    /// Each item's service-level clock, by id.
    package static func clocks(of items: [InboxItem], in workspace: Workspace, now: Date) -> [UUID: ServiceClock] {
        let (hours, targets, cache) = (workspace.businessHours, workspace.serviceTargets, BusinessHours.Windows())
        return Dictionary(uniqueKeysWithValues: items.compactMap { item in
            item.id.map { ($0, clock(of: item, hours: hours, targets: targets, zone: workspace.zone, now: now, cache: cache)) }
        })
    }

    /// Items past their target first, then near it (the soonest due first), then the rest in `otherwise` order.
    package static func pressingFirst(_ items: [InboxItem], clocks: [UUID: ServiceClock],
                                      otherwise: (InboxItem, InboxItem) -> Bool) -> [InboxItem] {
        func rank(_ item: InboxItem) -> Int {
            switch item.id.flatMap({ clocks[$0] })?.state { case .breached: 0; case .near: 1; default: 2 }
        }
        return items.sorted { a, b in
            let (ra, rb) = (rank(a), rank(b))
            if ra != rb { return ra < rb }
            if ra < 2, let da = a.id.flatMap({ clocks[$0]?.due }), let db = b.id.flatMap({ clocks[$0]?.due }), da != db { return da < db }
            return otherwise(a, b)
        }
    }

    /// An item's service-level clock in its workspace.
    package static func clock(of item: InboxItem, in workspace: Workspace, now: Date) -> ServiceClock {
        clock(of: item, hours: workspace.businessHours, targets: workspace.serviceTargets, zone: workspace.zone, now: now, cache: nil)
    }

    static func clock(of item: InboxItem, hours: BusinessHours, targets: ServiceTargets, zone: TimeZoneName, now: Date,
                      cache: BusinessHours.Windows?) -> ServiceClock {
        let target = targets.target(for: item.priority.rawValue)
        return ServiceClock.of(arrived: item.at, firstResponse: item.firstResponseAt, resolved: item.status == .done ? (item.resolvedAt ?? item.at) : nil,
                               target: target, hours: hours, zone: zone, now: now, cache: cache)
    }

    /// Channels whose last sync failed, with the platform's words.
    package static func syncProblems(_ access: WorkspaceAccess, on database: any Database) async throws -> [(SocialChannel, String)] {
        let channels = try await ChannelService.list(access, on: database)
        let cursors = try await InboxCursor.query(on: database).filter(\.$id ~~ channels.compactMap(\.id)).all()
        return channels.compactMap { channel in
            guard let error = cursors.first(where: { $0.id == channel.id })?.error else { return nil }
            return (channel, error)
        }
    }

    /// The sentence for what went wrong: the platform's words, or the catalogue's when Herald could not act.
    package static func problem(_ stored: String?, channel: SocialChannel) -> LocalizedText? {
        guard let stored else { return nil }
        let platform = channel.platform?.displayName ?? channel.platformName
        switch stored {
        case inboxCredentialUnreadable: return LocalizedText(.channelCheckNoCredential, platform)
        case inboxNotAvailable: return LocalizedText(.checkNotAvailable, platform)
        case inboxStuckReply: return LocalizedText(.inboxReplyUnknown)
        default: return LocalizedText(.pubPlatformSaid, platform, stored)
        }
    }

    /// Gives an item to a member of the workspace (nil: to nobody).
    package static func assign(_ access: WorkspaceAccess, itemID: UUID, to raw: String?, on database: any Database) async throws -> InboxItem {
        try await update(access, itemID: itemID, Changes(assignedTo: raw ?? "none"), on: database)
    }

    package static func setStatus(_ access: WorkspaceAccess, itemID: UUID, _ raw: String?, on database: any Database) async throws -> InboxItem {
        try await update(access, itemID: itemID, Changes(status: raw ?? ""), on: database)
    }

    /// Answers an item as the channel's account: typed text, or a saved reply filled in (its own
    /// variables from `variables`). The text is checked against the platform's limit; the answer is
    /// recorded "publishing" before it leaves and its outcome after; while an earlier answer's
    /// outcome is unknown, no second one is sent. Where the workspace asks for it, an editor's
    /// answer waits for an approver instead.
    package static func reply(_ access: WorkspaceAccess, itemID: UUID, text raw: String?, savedReply: UUID? = nil,
                              variables: [String: String] = [:], box: SecretBox, connectors: Connectors,
                              notifier: Notifier? = nil, on database: any Database) async throws -> InboxReply {
        try access.require(.editPosts)
        guard let item = try await InboxItem.scoped(to: access.workspaceID, on: database).filter(\.$id == itemID).with(\.$channel).first() else {
            throw AppError.notFound
        }
        if let deleted = item.deletedAt {
            throw ValidationError(code: "deleted_on_platform", field: "text", message: .init(.inboxDeletedNoReply, DateDisplay.dateTime(deleted, in: access.workspace.zone, language: Language(rawValue: access.workspace.language) ?? .en)))
        }
        var text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty, let savedReply {
            text = try await SavedReplyService.text(access, savedReply: savedReply, item: item, typed: variables, on: database)
        }
        guard !text.isEmpty else { throw ValidationError(code: "required", field: "text", message: .init(.errorRequired)) }
        try Fields.refuseNUL(text, field: "text")
        let channel = item.channel
        guard let platform = channel.platform, connectors.connector(for: platform) is any Conversations else {
            throw ValidationError(code: "not_available", field: nil, message: .init(.checkNotAvailable, channel.platform?.displayName ?? channel.platformName))
        }
        // A saved reply inserted and sent without filling in its own variables: the customer must not get "{order}".
        if let left = SavedReplyText.variables(in: text).first {
            throw ValidationError(code: "required", field: "text", message: .init(.savedReplyMissing, "{\(left)}"))
        }
        let rules = channel.rules
        let length = rules.text.measure(text)
        guard length <= rules.text.maximum else {
            throw ValidationError(code: "too_long", field: "text", message: .init(.errorTooLong, String(rules.text.maximum), String(length - rules.text.maximum)))
        }
        if try await InboxReply.scoped(to: access.workspaceID, on: database).filter(\.$item.$id == itemID)
            .filter(\.$state ~~ ["publishing", "unknown", "queued", "pending_approval"]).first() != nil {
            throw AppError.conflict(ValidationError(code: "reply_in_flight", field: nil, message: .init(.inboxReplyInFlight)))
        }
        let waits = access.workspace.replyApproval && !access.can(.approvePosts)
        let reply = InboxReply()
        reply.$workspace.id = access.workspaceID
        reply.$item.id = itemID
        reply.$user.id = access.userID
        reply.text = text
        reply.state = waits ? "pending_approval" : "publishing"
        reply.idempotencyKey = UUID().text.lowercased()
        reply.savedReplyID = savedReply
        guard !waits else {
            // The approvers hear of it with the answer saved, or not at all.
            try await database.writeTransaction { tx in
                try await reply.save(on: tx)
                try await notifier?.replyWaiting(reply, item: item, channelName: channel.name, workspace: access.workspace,
                                                 actorID: access.userID, actorName: access.user.name, on: tx)
            }
            return reply
        }
        try await reply.save(on: database)
        try await InboxReplies(box: box, platform: { connectors.connector(for: $0) }).send(reply, item: item, channel: channel, on: database)
        return reply
    }

    /// An approver sends an answer that waits for approval (or rejects it, and it is not sent).
    package static func decide(_ access: WorkspaceAccess, replyID: UUID, approve: Bool, box: SecretBox, connectors: Connectors,
                               on database: any Database) async throws -> InboxReply {
        try access.require(.approvePosts)
        guard let reply = try await InboxReply.scoped(to: access.workspaceID, on: database).filter(\.$id == replyID).first() else {
            throw AppError.notFound
        }
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        // Decided once: the first approver to act wins.
        let next = approve ? "publishing" : "rejected"
        let claimed = try await sql.raw("""
            UPDATE inbox_replies SET state = \(bind: next), approved_by = \(bind: access.userID), updated_at = \(bind: Date())
            WHERE id = \(bind: replyID) AND state = 'pending_approval' RETURNING id
            """).first()
        guard claimed != nil else {
            throw AppError.conflict(ValidationError(code: "not_pending", field: nil, message: .init(.replyNotPending)))
        }
        reply.state = next
        reply.approvedBy = access.userID
        guard approve, let item = try await InboxItem.query(on: database).filter(\.$id == reply.$item.id).with(\.$channel).first() else {
            return reply
        }
        try await InboxReplies(box: box, platform: { connectors.connector(for: $0) }).send(reply, item: item, channel: item.channel, on: database)
        return reply
    }
}
