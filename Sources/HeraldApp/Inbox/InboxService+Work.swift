import FluentKit
import Foundation
import HeraldCore
import HeraldStore
import SQLKit

/// Working items: priority, labels, snooze and department beside status and assignee — for one
/// item or many at once — and what the same customer said before.
extension InboxService {
    /// What to change on items; nil leaves a field as it is.
    package struct Changes: Sendable {
        package var status: String?
        /// A member's id, or `none`.
        package var assignedTo: String?
        package var priority: String?
        /// The item's labels, comma-separated (replacing them); `addLabel` / `removeLabel` change one.
        package var labels: String?
        package var addLabel: String?
        package var removeLabel: String?
        /// `YYYY-MM-DDTHH:MM` in the workspace's zone (a form), an ISO 8601 instant (the API), or empty to wake it.
        package var snoozedUntil: String?
        /// A department's id, or `none`.
        package var department: String?

        package init(status: String? = nil, assignedTo: String? = nil, priority: String? = nil, labels: String? = nil,
                     addLabel: String? = nil, removeLabel: String? = nil, snoozedUntil: String? = nil, department: String? = nil) {
            self.status = status
            self.assignedTo = assignedTo
            self.priority = priority
            self.labels = labels
            self.addLabel = addLabel
            self.removeLabel = removeLabel
            self.snoozedUntil = snoozedUntil
            self.department = department
        }

        var isEmpty: Bool {
            [status, assignedTo, priority, labels, addLabel, removeLabel, snoozedUntil, department].allSatisfy { $0 == nil }
        }
    }

    /// The most labels an item carries, and how a label may look.
    static let labelLimit = 10

    /// Labels as typed: lower case, letters, digits and `-`, at most 40 characters each.
    package static func labels(_ raw: String, field: String = "labels") throws -> [String] {
        var labels: [String] = []
        for part in raw.split(separator: ",") {
            let label = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard !label.isEmpty else { continue }
            guard label.count <= 40, label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                throw ValidationError(code: "invalid_label", field: field, message: .init(.inboxLabelInvalid, String(label.prefix(60))))
            }
            if !labels.contains(label) { labels.append(label) }
        }
        guard labels.count <= labelLimit else {
            throw ValidationError(code: "too_many", field: field, message: .init(.inboxLabelsTooMany, String(labelLimit)))
        }
        return labels
    }

    /// Applies `changes` to one item; answers it.
    @discardableResult
    package static func update(_ access: WorkspaceAccess, itemID: UUID, _ changes: Changes, now: Date = Date(),
                               on database: any Database) async throws -> InboxItem {
        let items = try await update(access, itemIDs: [itemID], changes, now: now, on: database)
        guard let item = items.first else { throw AppError.notFound }
        return item
    }

    /// Applies `changes` to every item of `itemIDs` in one transaction, after checking them all (a
    /// bad value changes nothing). Items of other workspaces are not found.
    package static func update(_ access: WorkspaceAccess, itemIDs: [UUID], _ changes: Changes, now: Date = Date(),
                               on database: any Database) async throws -> [InboxItem] {
        try access.require(.editPosts)
        guard !changes.isEmpty else {
            throw ValidationError(code: "nothing_to_change", field: nil, message: .init(.inboxNothingToChange))
        }
        guard itemIDs.count <= 500 else {
            throw ValidationError(code: "too_many", field: "items", message: .init(.inboxBulkTooMany, "500"))
        }
        var status: InboxItem.Status?
        if let raw = changes.status {
            guard let value = InboxItem.Status(rawValue: raw) else {
                throw ValidationError(code: "invalid_choice", field: "status", message: .init(.errorInvalidChoice, raw, "open, waiting, done"))
            }
            status = value
        }
        var priority: InboxItem.Priority?
        if let raw = changes.priority {
            guard let value = InboxItem.Priority(rawValue: raw) else {
                throw ValidationError(code: "invalid_choice", field: "priority", message: .init(.errorInvalidChoice, raw, "low, normal, high, urgent"))
            }
            priority = value
        }
        var assignee: UUID??
        if let raw = changes.assignedTo?.trimmingCharacters(in: .whitespaces) {
            if raw.isEmpty || raw == "none" {
                assignee = .some(nil)
            } else {
                let members = try await TenancyQueries.members(of: access.workspaceID, on: database)
                guard let id = UUID(text: raw), members.contains(where: { $0.$user.id == id }) else {
                    throw ValidationError(code: "not_a_member", field: "assigned_to", message: .init(.inboxNotAMember, raw))
                }
                assignee = .some(id)
            }
        }
        var department: UUID??
        if let raw = changes.department?.trimmingCharacters(in: .whitespaces) {
            if raw.isEmpty || raw == "none" {
                department = .some(nil)
            } else {
                guard let id = UUID(text: raw),
                      try await Department.scoped(to: access.workspaceID, on: database).filter(\.$id == id).first() != nil else {
                    throw ValidationError(code: "not_a_department", field: "department", message: .init(.inboxNotADepartment, raw))
                }
                department = .some(id)
            }
        }
        let replaced = try changes.labels.map { try labels($0) }
        let added = try changes.addLabel.map { try labels($0, field: "add_label") } ?? []
        let removed = try changes.removeLabel.map { try labels($0, field: "remove_label") } ?? []
        var snooze: Date??
        if let raw = changes.snoozedUntil?.trimmingCharacters(in: .whitespaces) {
            snooze = raw.isEmpty ? .some(nil) : .some(try snoozeTime(raw, zone: access.workspace.zone, now: now))
        }
        let items = try await InboxItem.scoped(to: access.workspaceID, on: database).filter(\.$id ~~ itemIDs).all()
        guard items.count == Set(itemIDs).count else { throw AppError.notFound }
        // An item deleted on the platform is done for good: there is nothing left to answer.
        if let status, status != .done {
            let deleted = items.filter { $0.deletedAt != nil && $0.status != status }
            if deleted.count == 1, items.count == 1, let at = deleted[0].deletedAt {
                let language = Language(rawValue: access.workspace.language) ?? .en
                throw ValidationError(code: "deleted_on_platform", field: "status",
                                      message: .init(.inboxDeletedStaysDone, DateDisplay.dateTime(at, in: access.workspace.zone, language: language)))
            } else if !deleted.isEmpty {
                throw ValidationError(code: "deleted_on_platform", field: "status", message: .init(.inboxDeletedStaysDoneSome, String(deleted.count)))
            }
        }
        return try await database.writeTransaction { [status, priority, assignee, department, snooze] tx in
            for item in items {
                guard let itemID = item.id else { continue }
                var events: [(String, String?)] = []
                if let status, item.status != status {
                    if status == .done {
                        item.close(at: now)
                    } else {
                        item.statusName = status.rawValue
                        item.resolvedAt = nil
                    }
                    events.append(("status", status.rawValue))
                }
                if let priority, item.priority != priority {
                    item.priorityName = priority.rawValue
                    events.append(("priority", priority.rawValue))
                }
                if let assignee, item.assignedTo != assignee {
                    item.assignedTo = assignee
                    events.append(("assigned", assignee?.text))
                }
                if let department, item.departmentID != department {
                    item.departmentID = department
                    events.append(("department", department?.text))
                }
                if let snooze, item.snoozedUntil != snooze {
                    item.snoozedUntil = snooze
                    events.append(("snoozed", snooze.map { ISO8601DateFormatter().string(from: $0) }))
                }
                var current = replaced ?? item.labels
                current += added.filter { !current.contains($0) }
                current.removeAll { removed.contains($0) }
                guard current.count <= labelLimit else {
                    throw ValidationError(code: "too_many", field: "add_label", message: .init(.inboxLabelsTooMany, String(labelLimit)))
                }
                if current != item.labels {
                    item.labels = current
                    events.append(("labels", current.joined(separator: ", ")))
                }
                try await item.save(on: tx)
                for (kind, detail) in events {
                    try await InboxEvent(workspaceID: access.workspaceID, itemID: itemID, at: now, userID: access.userID, kind: kind,
                                         detail: detail).create(on: tx)
                }
            }
            return items
        }
    }

    /// A snooze time: `2026-12-03T09:00` (or with a space) in the workspace's zone, or an ISO 8601 instant; in the future.
    static func snoozeTime(_ raw: String, zone: TimeZoneName, now: Date) throws -> Date {
        let date: Date
        if let instant = try? Date(raw, strategy: .iso8601) {
            date = instant
        } else {
            let parts = raw.split(whereSeparator: { $0 == "T" || $0 == " " })
            guard parts.count == 2 else {
                throw ValidationError(code: "invalid_time", field: "snoozed_until", message: .init(.errorInvalidDate, raw))
            }
            let local = try LocalDateTime.parse(date: String(parts[0]), time: String(parts[1].prefix(5)), dateField: "snoozed_until",
                                                timeField: "snoozed_until")
            date = Schedule.instant(of: local, in: zone).date
        }
        guard date > now else {
            throw ValidationError(code: "in_the_past", field: "snoozed_until", message: .init(.inboxSnoozePast))
        }
        return date
    }

    /// For each item, what its author said before on the same platform (at most `limit` each), in one query.
    package static func histories(_ access: WorkspaceAccess, of items: [InboxItem], limit: Int = 5,
                                  on database: any Database) async throws -> [UUID: [InboxItem]] {
        try access.require(.viewPosts)
        let authors = Set(items.map(\.authorID))
        guard !authors.isEmpty else { return [:] }
        let earlier = try await InboxItem.scoped(to: access.workspaceID, on: database).with(\.$channel)
            .filter(\.$authorID ~~ authors).sort(\.$at, .descending).limit(2000).all()
        var result: [UUID: [InboxItem]] = [:]
        for item in items {
            guard let id = item.id else { continue }
            let same = earlier.filter { other in
                other.authorID == item.authorID && other.channel.platformName == item.channel.platformName && other.id != id && other.at <= item.at
            }
            if !same.isEmpty { result[id] = Array(same.prefix(limit)) }
        }
        return result
    }

    /// What the same person said before on the same platform, in any of the workspace's channels, newest first.
    package static func history(_ access: WorkspaceAccess, of item: InboxItem, limit: Int = 10, on database: any Database) async throws -> [InboxItem] {
        try access.require(.viewPosts)
        let platform = item.channel.platformName
        let channels = try await SocialChannel.scoped(to: access.workspaceID, on: database).filter(\.$platformName == platform).all()
            .compactMap(\.id)
        return try await InboxItem.scoped(to: access.workspaceID, on: database).with(\.$channel)
            .filter(\.$authorID == item.authorID).filter(\.$channel.$id ~~ channels).filter(\.$id != (item.id ?? UUID()))
            .sort(\.$at, .descending).limit(limit).all()
    }
}
