import Fluent
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// `/api/v1`: the inbox — what the audience said, answering, working items (status, assignee,
/// priority, labels, snooze, department; one or many), departments.
enum InboxAPI {
    static func register(_ api: any RoutesBuilder, workspace: any RoutesBuilder) {
        workspace.get("inbox", use: list)
        workspace.post("inbox", "bulk", use: bulk)
        workspace.post("inbox", ":item", "reply", use: reply)
        workspace.patch("inbox", ":item", use: update)
        workspace.get("inbox", ":item", "history", use: history)
        workspace.get("departments", use: departments)
        workspace.post("departments", use: createDepartment)
        workspace.put("departments", ":department", "members", use: setMembers)
        workspace.delete("departments", ":department", use: deleteDepartment)
        workspace.get("saved-replies", use: savedReplies)
        workspace.post("saved-replies", use: createSavedReply)
        workspace.delete("saved-replies", ":saved", use: deleteSavedReply)
        workspace.post("inbox", "replies", ":reply", "approve", use: approveReply)
        workspace.post("inbox", "replies", ":reply", "reject", use: rejectReply)
        workspace.get("routing-rules", use: rules)
        workspace.post("routing-rules", use: createRule)
        workspace.post("routing-rules", "try", use: tryRule)
        workspace.post("routing-rules", ":rule", "move", use: moveRule)
        workspace.delete("routing-rules", ":rule", use: deleteRule)
    }

    @Sendable static func savedReplies(req: Request) async throws -> ListDTO<SavedReplyDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        return ListDTO(items: try await SavedReplyService.list(access, on: req.db).map(SavedReplyDTO.init))
    }

    /// `{"name","text","language":"ru|en"}` (no language: any).
    @Sendable static func createSavedReply(req: Request) async throws -> Response {
        let input = try req.decodeJSON(SavedReplyInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let saved = try await SavedReplyService.create(access, name: input.name, language: input.language, text: input.text, on: req.db)
        return try await SavedReplyDTO(saved).encodeResponse(status: .created, for: req)
    }

    @Sendable static func deleteSavedReply(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await SavedReplyService.delete(access, id: req.uuidParameter("saved"), on: req.db)
        return .noContent
    }

    @Sendable static func approveReply(req: Request) async throws -> InboxItemDTO.Reply {
        try await decide(req, approve: true)
    }

    @Sendable static func rejectReply(req: Request) async throws -> InboxItemDTO.Reply {
        try await decide(req, approve: false)
    }

    static func decide(_ req: Request, approve: Bool) async throws -> InboxItemDTO.Reply {
        let access = try await WorkspaceAccess.resolve(req)
        return InboxItemDTO.Reply(try await InboxService.decide(access, replyID: req.uuidParameter("reply"), approve: approve,
                                                                box: req.application.secretBox, connectors: req.application.connectors, on: req.db))
    }

    @Sendable static func rules(req: Request) async throws -> ListDTO<RoutingRuleDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        return ListDTO(items: try await RoutingRuleService.list(access, on: req.db).map(RoutingRuleDTO.init))
    }

    /// `{"name","conditions":{…},"actions":{…},"enabled"}` — added last.
    @Sendable static func createRule(req: Request) async throws -> Response {
        let input = try req.decodeJSON(RoutingRuleInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let entry = try await RoutingRuleService.create(access, input.service, on: req.db)
        return try await RoutingRuleDTO(entry).encodeResponse(status: .created, for: req)
    }

    /// The same body: how many of the last 500 items it would have matched.
    @Sendable static func tryRule(req: Request) async throws -> RoutingTrialDTO {
        let input = try req.decodeJSON(RoutingRuleInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let trial = try await RoutingRuleService.trial(access, input.service, on: req.db)
        return RoutingTrialDTO(matched: trial.matched, tried: trial.tried, examples: trial.examples.compactMap(\.id))
    }

    /// `{"direction":"up|down"}`.
    @Sendable static func moveRule(req: Request) async throws -> ListDTO<RoutingRuleDTO> {
        let input = try req.decodeJSON(RoutingMoveInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        guard let direction = input.direction, ["up", "down"].contains(direction) else {
            throw ValidationError(code: "invalid_choice", field: "direction", message: .init(.errorInvalidChoice, input.direction ?? "", "up, down"))
        }
        try await RoutingRuleService.move(access, ruleID: req.uuidParameter("rule"), up: direction == "up", on: req.db)
        return ListDTO(items: try await RoutingRuleService.list(access, on: req.db).map(RoutingRuleDTO.init))
    }

    @Sendable static func deleteRule(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await RoutingRuleService.delete(access, ruleID: req.uuidParameter("rule"), on: req.db)
        return .noContent
    }

    /// `?status=open|waiting|done|snoozed|all` (default all), `?channel=<id>`, `?assigned=me|none|<member id>`,
    /// `?priority=`, `?label=`, `?department=<id>`, `?q=<words>`.
    @Sendable static func list(req: Request) async throws -> ListDTO<InboxItemDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        let query = { (key: String) in req.query[String.self, at: key] }
        let filter = try InboxService.Filter.parse(status: query("status"), channel: query("channel"), assigned: query("assigned"),
                                                   me: access.userID, priority: query("priority"), label: query("label"),
                                                   department: query("department"), query: query("q"), mood: query("mood"),
                                                   urgent: query("urgent"))
        return ListDTO(items: try await InboxService.list(access, filter, on: req.db).map(InboxItemDTO.init))
    }

    /// `{"items":[ids…], …changes}`: the same changes to every item, all or none.
    @Sendable static func bulk(req: Request) async throws -> ListDTO<InboxItemDTO> {
        let input = try req.decodeJSON(InboxChangesInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        var ids: [UUID] = []
        for raw in input.items ?? [] {
            guard let id = UUID(uuidString: raw) else {
                throw ValidationError(code: "invalid_id", field: "items", message: .init(.errorInvalidChoice, raw, "an inbox item id"))
            }
            ids.append(id)
        }
        guard !ids.isEmpty else { throw ValidationError(code: "required", field: "items", message: .init(.errorRequired)) }
        let items = try await InboxService.update(access, itemIDs: ids, input.changes, on: req.db)
        return ListDTO(items: items.map { InboxItemDTO(InboxService.Entry(item: $0, replies: [])) })
    }

    /// What the same person said before on the same platform.
    @Sendable static func history(req: Request) async throws -> ListDTO<InboxItemDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        guard let item = try await InboxItem.scoped(to: access.workspaceID, on: req.db).filter(\.$id == req.uuidParameter("item"))
            .with(\.$channel).first() else { throw AppError.notFound }
        let earlier = try await InboxService.history(access, of: item, limit: 50, on: req.db)
        return ListDTO(items: earlier.map { InboxItemDTO(InboxService.Entry(item: $0, replies: [])) })
    }

    @Sendable static func departments(req: Request) async throws -> ListDTO<DepartmentDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        return ListDTO(items: try await DepartmentService.list(access, on: req.db).map(DepartmentDTO.init))
    }

    /// `{"name":"Support","members":[user ids…]}`.
    @Sendable static func createDepartment(req: Request) async throws -> Response {
        let input = try req.decodeJSON(DepartmentInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let entry = try await DepartmentService.create(access, name: input.name, members: input.members ?? [], on: req.db)
        return try await DepartmentDTO(entry).encodeResponse(status: .created, for: req)
    }

    /// `{"members":[user ids…]}` replaces the department's members.
    @Sendable static func setMembers(req: Request) async throws -> DepartmentDTO {
        let input = try req.decodeJSON(DepartmentInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        guard let members = input.members else { throw ValidationError(code: "required", field: "members", message: .init(.errorRequired)) }
        return DepartmentDTO(try await DepartmentService.setMembers(access, departmentID: req.uuidParameter("department"), members: members,
                                                                    on: req.db))
    }

    @Sendable static func deleteDepartment(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await DepartmentService.delete(access, departmentID: req.uuidParameter("department"), on: req.db)
        return .noContent
    }

    @Sendable static func reply(req: Request) async throws -> Response {
        let input = try req.decodeJSON(InboxReplyInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        var savedReply: UUID?
        if let raw = input.savedReply {
            guard let id = UUID(uuidString: raw) else {
                throw ValidationError(code: "invalid_id", field: "saved_reply", message: .init(.savedReplyUnknown, raw))
            }
            savedReply = id
        }
        let reply = try await InboxService.reply(access, itemID: req.uuidParameter("item"), text: input.text, savedReply: savedReply,
                                                 variables: input.variables ?? [:], box: req.application.secretBox,
                                                 connectors: req.application.connectors, on: req.db)
        return try await InboxItemDTO.Reply(reply).encodeResponse(status: .created, for: req)
    }

    /// Any of `status`, `assigned_to`, `priority`, `labels`, `add_label`, `remove_label`, `snoozed_until`, `department`.
    @Sendable static func update(req: Request) async throws -> InboxItemDTO {
        let input = try req.decodeJSON(InboxChangesInput.self)
        guard input.items == nil else {
            throw ValidationError(code: "unknown_field", field: "items", message: .init(.errorUnknownField, "items"))
        }
        let access = try await WorkspaceAccess.resolve(req)
        let id = try req.uuidParameter("item")
        let item = try await InboxService.update(access, itemID: id, input.changes, on: req.db)
        let replies = try await InboxReply.scoped(to: access.workspaceID, on: req.db).filter(\.$item.$id == id).sort(\.$createdAt).all()
        return InboxItemDTO(InboxService.Entry(item: item, replies: replies))
    }
}

struct InboxReplyInput: JSONInput {
    var text: String?
    var savedReply: String?
    var variables: [String: String]?
    enum CodingKeys: String, CodingKey, CaseIterable {
        case text, variables
        case savedReply = "saved_reply"
    }
}

struct SavedReplyInput: JSONInput {
    var name: String?
    var text: String?
    var language: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case name, text, language }
}

struct SavedReplyDTO: Content {
    var id: UUID
    var name: String
    var language: String?
    var text: String
    var variables: [String]

    init(_ saved: SavedReply) {
        id = saved.id ?? UUID()
        name = saved.name
        language = saved.language
        text = saved.text
        variables = SavedReplyText.variables(in: saved.text)
    }
}

/// Changes to one item (`PATCH`), or to `items` (`POST …/inbox/bulk`).
struct InboxChangesInput: JSONInput {
    var items: [String]?
    var status: String?
    var assignedTo: String?
    var priority: String?
    var labels: [String]?
    var addLabel: String?
    var removeLabel: String?
    var snoozedUntil: String?
    var department: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case items, status, priority, labels, department
        case assignedTo = "assigned_to"
        case addLabel = "add_label"
        case removeLabel = "remove_label"
        case snoozedUntil = "snoozed_until"
    }

    var changes: InboxService.Changes {
        .init(status: status, assignedTo: assignedTo, priority: priority, labels: labels?.joined(separator: ","), addLabel: addLabel,
              removeLabel: removeLabel, snoozedUntil: snoozedUntil, department: department)
    }
}

struct DepartmentInput: JSONInput {
    var name: String?
    var members: [String]?
    enum CodingKeys: String, CodingKey, CaseIterable { case name, members }
}

struct DepartmentDTO: Content {
    var id: UUID
    var name: String
    var members: [UUID]

    init(_ entry: DepartmentService.Entry) {
        id = entry.department.id ?? UUID()
        name = entry.department.name
        members = entry.members
    }
}

struct InboxItemDTO: Content {
    struct Reply: Content {
        var id: UUID
        var text: String
        /// publishing, published, failed or unknown.
        var state: String
        var remoteId: String?
        var reason: String?
        var createdAt: Date?

        init(_ reply: InboxReply) {
            id = reply.id ?? UUID()
            text = reply.text
            state = reply.state
            remoteId = reply.remoteID
            reason = reply.reason
            createdAt = reply.createdAt
        }
    }

    var id: UUID
    var channelId: UUID
    var kind: String
    var status: String
    var authorId: String
    var authorName: String
    var text: String
    var at: Date
    var remoteId: String
    var postId: UUID?
    var assignedTo: UUID?
    var priority: String
    var labels: [String]
    var snoozedUntil: Date?
    var departmentId: UUID?
    var sentiment: String?
    var urgent: Bool
    var replies: [Reply]
    var events: [Event]

    struct Event: Content {
        var at: Date
        var kind: String
        var detail: String?
        var userId: UUID?
        var ruleId: UUID?
        var ruleName: String?

        init(_ event: InboxEvent) {
            at = event.at
            kind = event.kind
            detail = event.detail
            userId = event.userID
            ruleId = event.ruleID
            ruleName = event.ruleName
        }
    }

    init(_ entry: InboxService.Entry) {
        let item = entry.item
        id = item.id ?? UUID()
        channelId = item.$channel.id
        kind = item.kindName
        status = item.statusName
        authorId = item.authorID
        authorName = item.authorName
        text = item.text
        at = item.at
        remoteId = item.remoteID
        postId = item.postID
        assignedTo = item.assignedTo
        priority = item.priority.rawValue
        labels = item.labels
        snoozedUntil = item.snoozedUntil
        departmentId = item.departmentID
        sentiment = item.sentiment
        urgent = item.urgent ?? false
        replies = entry.replies.map(Reply.init)
        events = entry.events.map(Event.init)
    }
}

struct RoutingRuleInput: JSONInput {
    var name: String?
    var conditions: RoutingConditions?
    var actions: RoutingActions?
    var enabled: Bool?
    enum CodingKeys: String, CodingKey, CaseIterable { case name, conditions, actions, enabled }

    /// Unknown fields inside `conditions` and `actions` are refused by name too (`conditions.keyword`).
    static var shape: InputShape {
        func fields(_ names: [String]) -> InputShape { .object(Dictionary(uniqueKeysWithValues: names.map { ($0, .value) })) }
        return .object(["name": .value, "enabled": .value,
                        "conditions": fields(["keywords", "pattern", "language", "channels", "kinds", "author", "vip", "sentiment", "urgent"]),
                        "actions": fields(["assign_to", "department", "labels", "priority", "hide", "stop", "reply"])])
    }

    var service: RoutingRuleService.Input {
        .init(name: name, conditions: conditions ?? RoutingConditions(), actions: actions ?? RoutingActions(), enabled: enabled ?? true)
    }
}

struct RoutingMoveInput: JSONInput {
    var direction: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case direction }
}

struct RoutingRuleDTO: Content {
    var id: UUID
    var position: Int
    var name: String
    var enabled: Bool
    var conditions: RoutingConditions
    var actions: RoutingActions

    init(_ entry: RoutingRuleService.Entry) {
        id = entry.rule.id
        position = entry.row.position
        name = entry.row.name
        enabled = entry.row.enabled
        conditions = entry.rule.conditions
        actions = entry.rule.actions
    }
}

struct RoutingTrialDTO: Content {
    var matched: Int
    var tried: Int
    var examples: [UUID]
}
