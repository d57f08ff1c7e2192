import FluentKit
import Foundation
import HeraldCore
import HeraldJobs
import HeraldStore
import SQLKit

/// The workspace's routing rules: made, ordered and removed by those who manage its settings,
/// tried on the last 500 items before they are saved.
package enum RoutingRuleService {
    package struct Input: Sendable {
        package var name: String?
        package var conditions: RoutingConditions
        package var actions: RoutingActions
        package var enabled = true

        package init(name: String?, conditions: RoutingConditions, actions: RoutingActions, enabled: Bool = true) {
            self.name = name
            self.conditions = conditions
            self.actions = actions
            self.enabled = enabled
        }
    }

    package struct Entry: Sendable {
        package var row: RoutingRule
        package var rule: InboxRouting.Rule
    }

    /// What trying a rule found: how many of the last items it matched, and a few of them.
    package struct Trial: Sendable {
        package var matched: Int
        package var tried: Int
        package var examples: [InboxItem]
        /// Items on which the pattern ran out of its time budget (the rule would be skipped there).
        package var tooSlow = 0
    }

    package static let trialSize = 500
    /// Items on which the pattern may run out of time before a trial gives up on it.
    package static let trialSlowLimit = 10

    package static func list(_ access: WorkspaceAccess, on database: any Database) async throws -> [Entry] {
        try access.require(.viewWorkspace)
        return try await RoutingRule.scoped(to: access.workspaceID, on: database).sort(\.$position).all().compactMap { row in
            InboxRouting.Rule(row).map { Entry(row: row, rule: $0) }
        }
    }

    /// Checks a rule as typed: conditions and actions present and sound, people and departments of
    /// this workspace — every problem at once.
    package static func validated(_ access: WorkspaceAccess, _ input: Input, on database: any Database) async throws -> (String, RoutingConditions, RoutingActions) {
        var problems = Problems()
        let name = try problems.check { try Fields.name(input.name, field: "name") }
        let conditions = try problems.check { try input.conditions.validated() }
        if let conditions, conditions.isEmpty {
            problems.add(ValidationError(code: "required", field: "keywords", message: .init(.routingNoConditions)))
        }
        var actions = input.actions
        if let user = actions.assignTo,
           try await !TenancyQueries.members(of: access.workspaceID, on: database).contains(where: { $0.$user.id == user }) {
            problems.add(ValidationError(code: "not_a_member", field: "assign_to", message: .init(.inboxNotAMember, user.text)))
        }
        if let department = actions.department,
           try await Department.scoped(to: access.workspaceID, on: database).filter(\.$id == department).first() == nil {
            problems.add(ValidationError(code: "not_a_department", field: "department", message: .init(.inboxNotADepartment, department.text)))
        }
        if let labels = actions.labels, let clean = try problems.check({ try InboxService.labels(labels.joined(separator: ","), field: "labels") }) {
            actions.labels = clean.isEmpty ? nil : clean
        }
        if let priority = actions.priority, priority.isEmpty || priority == "any" {
            actions.priority = nil
        } else if let priority = actions.priority, InboxItem.Priority(rawValue: priority) == nil {
            problems.add(ValidationError(code: "invalid_choice", field: "priority", message: .init(.errorInvalidChoice, priority, "low, normal, high, urgent")))
        }
        if let replyID = actions.reply {
            if let saved = try await SavedReply.scoped(to: access.workspaceID, on: database).filter(\.$id == replyID).first() {
                let custom = SavedReplyText.variables(in: saved.text).filter { !SavedReplyText.known.contains($0) }
                if !custom.isEmpty {
                    problems.add(ValidationError(code: "needs_values", field: "reply",
                                                 message: .init(.routingReplyCustom, custom.map { "{\($0)}" }.joined(separator: ", "))))
                }
            } else {
                problems.add(ValidationError(code: "not_found", field: "reply", message: .init(.savedReplyUnknown, replyID.text)))
            }
        }
        if actions.hide == false { actions.hide = nil }
        if actions.stop == false { actions.stop = nil }
        if actions.isEmpty { problems.add(ValidationError(code: "required", field: "assign_to", message: .init(.routingNoActions))) }
        try problems.throwIfAny()
        guard let name, let conditions else { throw problems.error }
        return (name, conditions, actions)
    }

    package static func create(_ access: WorkspaceAccess, _ input: Input, on database: any Database) async throws -> Entry {
        try access.require(.manageSettings)
        let (name, conditions, actions) = try await validated(access, input, on: database)
        try await WorkspaceLimits.ensureRoom(for: .routingRules, RoutingRule.self, in: access.workspaceID, on: database)
        let last = try await RoutingRule.scoped(to: access.workspaceID, on: database).sort(\.$position, .descending).first()?.position ?? 0
        let row = RoutingRule()
        row.$workspace.id = access.workspaceID
        row.position = last + 1
        row.name = name
        row.enabled = input.enabled
        row.conditions = String(decoding: try JSONEncoder().encode(conditions), as: UTF8.self)
        row.actions = String(decoding: try JSONEncoder().encode(actions), as: UTF8.self)
        try await row.create(on: database)
        guard let rule = InboxRouting.Rule(row) else { throw AppError.notFound }
        return Entry(row: row, rule: rule)
    }

    /// Switches a rule off (kept, in its place, not applied) or on again.
    package static func setEnabled(_ access: WorkspaceAccess, ruleID: UUID, _ enabled: Bool, on database: any Database) async throws -> Entry {
        try access.require(.manageSettings)
        guard let row = try await RoutingRule.scoped(to: access.workspaceID, on: database).filter(\.$id == ruleID).first() else {
            throw AppError.notFound
        }
        row.enabled = enabled
        try await row.save(on: database)
        guard let entry = try await list(access, on: database).first(where: { $0.row.id == ruleID }) else { throw AppError.notFound }
        return entry
    }

    package static func delete(_ access: WorkspaceAccess, ruleID: UUID, on database: any Database) async throws {
        try access.require(.manageSettings)
        guard let row = try await RoutingRule.scoped(to: access.workspaceID, on: database).filter(\.$id == ruleID).first() else {
            throw AppError.notFound
        }
        try await row.delete(on: database)
    }

    /// Moves a rule one place earlier (`up`) or later, swapping with its neighbour.
    package static func move(_ access: WorkspaceAccess, ruleID: UUID, up: Bool, on database: any Database) async throws {
        try access.require(.manageSettings)
        let rows = try await RoutingRule.scoped(to: access.workspaceID, on: database).sort(\.$position).all()
        guard let index = rows.firstIndex(where: { $0.id == ruleID }) else { throw AppError.notFound }
        let other = up ? index - 1 : index + 1
        guard rows.indices.contains(other) else { return }
        let (a, b) = (rows[index], rows[other])
        try await database.writeTransaction { tx in
            let (first, second) = (a.position, b.position)
            a.position = second
            b.position = first
            try await a.save(on: tx)
            try await b.save(on: tx)
        }
    }

    /// Tries a rule on the workspace's last 500 items: how many it would have matched, and up to five of them.
    package static func trial(_ access: WorkspaceAccess, _ input: Input, on database: any Database) async throws -> Trial {
        try access.require(.viewWorkspace)
        let conditions = try input.conditions.validated()
        guard !conditions.isEmpty else { throw ValidationError(code: "required", field: "keywords", message: .init(.routingNoConditions)) }
        let items = try await InboxItem.scoped(to: access.workspaceID, on: database).with(\.$channel).sort(\.$at, .descending)
            .limit(trialSize).all()
        let firstSeen = try await firstSeen(access.workspaceID, authors: Set(items.map(\.authorID)), on: database)
        var matched: [InboxItem] = [], tooSlow = 0
        for item in items {
            // A pattern too slow on many of them would make this request take seconds: said instead.
            if tooSlow >= trialSlowLimit {
                throw ValidationError(code: "pattern_too_slow", field: "pattern", message: .init(.routingPatternTooSlow, conditions.pattern ?? ""))
            }
            let facts = RoutingFacts(text: item.text, channelID: item.$channel.id, kind: item.kindName, authorID: item.authorID,
                                     authorName: item.authorName, isNewAuthor: firstSeen[item.authorID].map { $0 >= item.at } ?? true,
                                     reading: Sentiment.read(item.text), isFollower: item.authorFollows)
            switch conditions.evaluate(facts) {
            case .matched: matched.append(item)
            case .patternTooSlow: tooSlow += 1
            case .notMatched: break
            }
        }
        return Trial(matched: matched.count, tried: items.count, examples: Array(matched.prefix(5)), tooSlow: tooSlow)
    }

    /// When each author first wrote to the workspace.
    static func firstSeen(_ workspaceID: UUID, authors: Set<String>, on database: any Database) async throws -> [String: Date] {
        guard !authors.isEmpty, let sql = database as? any SQLDatabase else { return [:] }
        let rows = try await sql.raw("""
            SELECT author_id, MIN(at) AS first FROM inbox_items
            WHERE workspace_id = \(bind: workspaceID) AND author_id IN (\(binds: Array(authors))) GROUP BY author_id
            """).all()
        var result: [String: Date] = [:]
        for row in rows { result[try row.decode(column: "author_id", as: String.self)] = try row.decode(column: "first", as: Date.self) }
        return result
    }
}

/// What Settings → Routing shows: the rules in order, and the names its form offers (members,
/// departments, channels, saved replies).
package struct RoutingScreen {
    package var rules: [RoutingRuleService.Entry]
    package var members: [(UUID, String)]
    package var departments: [(UUID, String)]
    package var channels: [(UUID, String)]
    package var savedReplies: [(UUID, String)]

    package static func load(_ access: WorkspaceAccess, on database: any Database) async throws -> RoutingScreen {
        RoutingScreen(
            rules: try await RoutingRuleService.list(access, on: database),
            members: try await TenancyQueries.members(of: access.workspaceID, on: database).map { ($0.$user.id, $0.user.name) },
            departments: try await DepartmentService.list(access, on: database).compactMap { entry in
                entry.department.id.map { ($0, entry.department.name) }
            },
            channels: try await ChannelService.list(access, on: database).compactMap { channel in channel.id.map { ($0, channel.name) } },
            savedReplies: try await SavedReplyService.list(access, on: database).compactMap { reply in reply.id.map { ($0, reply.name) } })
    }
}
