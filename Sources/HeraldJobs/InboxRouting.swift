import FluentKit
import Foundation
import HeraldCore
import HeraldStore
import SQLKit

/// The workspace's routing rules applied to an item as it arrives: in order, each matching rule's
/// actions on what the ones before left (a rule may stop the rest); every action written to the
/// item's history with the rule's name.
public enum InboxRouting {
    public struct Rule: Sendable {
        public var id: UUID
        public var name: String
        public var conditions: RoutingConditions
        public var actions: RoutingActions

        public init(id: UUID, name: String, conditions: RoutingConditions, actions: RoutingActions) {
            self.id = id
            self.name = name
            self.conditions = conditions
            self.actions = actions
        }

        public init?(_ row: RoutingRule) {
            guard let id = row.id, let conditions = try? JSONDecoder().decode(RoutingConditions.self, from: Data(row.conditions.utf8)),
                  let actions = try? JSONDecoder().decode(RoutingActions.self, from: Data(row.actions.utf8)) else { return nil }
            self.init(id: id, name: row.name, conditions: conditions, actions: actions)
        }
    }

    /// The workspace's rules that are on, in order.
    public static func rules(workspaceID: UUID, on database: any Database) async throws -> [Rule] {
        try await RoutingRule.scoped(to: workspaceID, on: database).filter(\.$enabled == true).sort(\.$position).all().compactMap(Rule.init)
    }

    /// The rules that apply to `facts`, in order, up to and including the first that stops; and
    /// the rules passed over because their pattern ran out of time on this text.
    public static func matching(_ rules: [Rule], _ facts: RoutingFacts) -> (matched: [Rule], tooSlow: [Rule]) {
        var matched: [Rule] = [], tooSlow: [Rule] = []
        for rule in rules {
            switch rule.conditions.evaluate(facts) {
            case .matched:
                matched.append(rule)
                if rule.actions.stop == true { return (matched, tooSlow) }
            case .patternTooSlow: tooSlow.append(rule)
            case .notMatched: break
            }
        }
        return (matched, tooSlow)
    }

    /// Applies the matching rules to a stored item and records what each did.
    public static func route(_ item: InboxItem, facts: RoutingFacts, rules: [Rule], now: Date, on database: any Database) async throws {
        let (matched, tooSlow) = matching(rules, facts)
        guard !matched.isEmpty || !tooSlow.isEmpty, let itemID = item.id else { return }
        let workspaceID = item.$workspace.id
        var events: [InboxEvent] = []
        func event(_ rule: Rule, _ kind: String, _ detail: String?) {
            events.append(InboxEvent(workspaceID: workspaceID, itemID: itemID, at: now, ruleID: rule.id, ruleName: rule.name, kind: kind, detail: detail))
        }
        // A rule passed over is said on the item, so nobody wonders why it did not apply.
        for rule in tooSlow { event(rule, "pattern_too_slow", nil) }
        for rule in matched {
            let actions = rule.actions
            if let user = actions.assignTo {
                item.assignedTo = user
                event(rule, "assigned", user.text)
            }
            if let department = actions.department {
                item.departmentID = department
                event(rule, "department", department.text)
            }
            if let priority = actions.priority.flatMap(InboxItem.Priority.init(rawValue:)) {
                item.priorityName = priority.rawValue
                event(rule, "priority", priority.rawValue)
            }
            var labels = item.labels
            for label in (actions.labels ?? []) + (actions.hide == true ? ["spam"] : []) where !labels.contains(label) && labels.count < 10 {
                labels.append(label)
            }
            if labels != item.labels {
                item.labels = labels
                event(rule, "labels", labels.joined(separator: ", "))
            }
            if actions.hide == true {
                item.close(at: now)
                event(rule, "hidden", nil)
            }
        }
        try await item.save(on: database)
        for event in events { try await event.create(on: database) }
        // The first rule that answers: its saved reply is queued for the worker (never sent inside the sync's transaction).
        guard let answering = matched.first(where: { $0.actions.reply != nil }), let savedID = answering.actions.reply,
              let saved = try await SavedReply.query(on: database).filter(\.$id == savedID).filter(\.$workspace.$id == workspaceID).first()
        else { return }
        if item.$channel.value == nil { try await item.$channel.load(on: database) }
        let (text, missing) = SavedReplyText.render(saved.text, values: try await InboxReplies.values(for: item, on: database))
        guard missing.isEmpty else { return }
        let reply = InboxReply()
        reply.$workspace.id = workspaceID
        reply.$item.id = itemID
        reply.text = text
        reply.state = "queued"
        reply.idempotencyKey = UUID().text.lowercased()
        reply.savedReplyID = savedID
        try await reply.create(on: database)
        try await InboxEvent(workspaceID: workspaceID, itemID: itemID, at: now, ruleID: answering.id, ruleName: answering.name,
                             kind: "replied", detail: saved.name).create(on: database)
    }

    /// Whether `authorID` wrote to the workspace before `itemID`.
    public static func isNewAuthor(_ authorID: String, workspaceID: UUID, except itemID: UUID, on database: any Database) async throws -> Bool {
        try await InboxItem.query(on: database).filter(\.$workspace.$id == workspaceID).filter(\.$authorID == authorID)
            .filter(\.$id != itemID).first() == nil
    }
}
