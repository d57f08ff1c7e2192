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
        workspace.post("inbox", ":item", "platform", use: platformAction)
        workspace.patch("inbox", ":item", use: update)
        workspace.get("inbox", ":item", "history", use: history)
        workspace.post("inbox", "replies", ":reply", "approve", use: approveReply)
        workspace.post("inbox", "replies", ":reply", "reject", use: rejectReply)
        workspace.get("inbox", "report", use: report)
        InboxSetupAPI.register(workspace: workspace)
    }

    /// `?from=YYYY-MM-DD&to=YYYY-MM-DD` (workspace zone; default the last 30 days); `?format=csv` for CSV.
    @Sendable static func report(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let (from, to) = try ReportPeriod.parse(access.workspace.zone, from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"])
        let report = try await ServiceReport.report(access, from: from, to: to, on: req.db)
        if try req.asksCSV() {
            return StaticAsset.csv(ServiceReport.csv(report), filename: "response-times.csv")
        }
        return try await ServiceReportDTO(report).encodeResponse(for: req)
    }

    /// `{"action": "like" | "hide" | "delete"}`: done on the platform now, as the channel's account.
    @Sendable static func platformAction(req: Request) async throws -> InboxItemDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let input = try req.decodeJSON(PlatformActionInput.self)
        let id = try req.uuidParameter("item")
        let item = try await InboxService.moderate(access, itemID: id, action: input.action, box: req.application.secretBox,
                                                   connectors: req.application.connectors, on: req.db)
        let replies = try await InboxReply.scoped(to: access.workspaceID, on: req.db).filter(\.$item.$id == id).sort(\.$createdAt).all()
        return InboxItemDTO(InboxService.Entry(item: item, replies: replies))
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
            guard let id = UUID(text: raw) else {
                throw ValidationError(code: "invalid_id", field: "items", message: .init(.errorInvalidID, raw))
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

    @Sendable static func reply(req: Request) async throws -> Response {
        let input = try req.decodeJSON(InboxReplyInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        var savedReply: UUID?
        if let raw = input.savedReply {
            guard let id = UUID(text: raw) else {
                throw ValidationError(code: "invalid_id", field: "saved_reply", message: .init(.savedReplyUnknown, raw))
            }
            savedReply = id
        }
        let reply = try await InboxService.reply(access, itemID: req.uuidParameter("item"), text: input.text, savedReply: savedReply,
                                                 variables: input.variables ?? [:], box: req.application.secretBox,
                                                 connectors: req.application.connectors, notifier: req.application.runtime.notifier, on: req.db)
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
    /// Whether the author followed the account when it arrived; absent when the platform was not asked.
    var authorFollows: Bool?
    /// When Herald found it deleted on the platform (it is then done, and cannot be answered).
    var deletedAt: Date?
    /// Where it stands against the service levels: on_time, near, breached or met, and when the running target runs out.
    var sla: SLA?
    var firstResponseAt: Date?
    var resolvedAt: Date?
    var replies: [Reply]

    struct SLA: Content {
        var state: String
        var due: Date?
    }
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
        authorFollows = item.authorFollows
        deletedAt = item.deletedAt
        sla = entry.clock.map { SLA(state: $0.state.rawValue, due: $0.due) }
        firstResponseAt = item.firstResponseAt
        resolvedAt = item.resolvedAt
        replies = entry.replies.map(Reply.init)
        events = entry.events.map(Event.init)
    }
}

struct ServiceReportDTO: Content {
    struct Row: Content {
        var name: String
        var items: Int
        var answered: Int
        var resolved: Int
        var firstResponseMedianMinutes: Double?
        var firstResponseP90Minutes: Double?
        var resolutionMedianMinutes: Double?
        var resolutionP90Minutes: Double?

        init(_ row: ServiceReport.Row) {
            name = row.name
            items = row.items
            answered = row.answered
            resolved = row.resolved
            firstResponseMedianMinutes = row.firstResponse.map { ($0.median / 60).rounded() }
            firstResponseP90Minutes = row.firstResponse.map { ($0.p90 / 60).rounded() }
            resolutionMedianMinutes = row.resolution.map { ($0.median / 60).rounded() }
            resolutionP90Minutes = row.resolution.map { ($0.p90 / 60).rounded() }
        }
    }

    var from: Date
    var to: Date
    var total: Row
    var byPerson: [Row]
    var byDepartment: [Row]
    var byChannel: [Row]

    init(_ report: ServiceReport.Report) {
        from = report.from
        to = report.to
        total = Row(report.total)
        byPerson = report.byPerson.map(Row.init)
        byDepartment = report.byDepartment.map(Row.init)
        byChannel = report.byChannel.map(Row.init)
    }
}
