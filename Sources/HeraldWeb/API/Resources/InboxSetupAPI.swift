import Fluent
import HeraldApp
import HeraldCore
import HeraldJobs
import HeraldStore
import Vapor

/// `/api/v1`: how a workspace's inbox is set up — departments, routing rules, saved replies and
/// service levels.
enum InboxSetupAPI {
    static func register(workspace: any RoutesBuilder) {
        workspace.get("departments", use: departments)
        workspace.post("departments", use: createDepartment)
        workspace.put("departments", ":department", "members", use: setMembers)
        workspace.delete("departments", ":department", use: deleteDepartment)
        workspace.get("routing-rules", use: rules)
        workspace.post("routing-rules", use: createRule)
        workspace.post("routing-rules", "try", use: tryRule)
        workspace.post("routing-rules", ":rule", "move", use: moveRule)
        workspace.patch("routing-rules", ":rule", use: switchRule)
        workspace.delete("routing-rules", ":rule", use: deleteRule)
        workspace.get("saved-replies", use: savedReplies)
        workspace.post("saved-replies", use: createSavedReply)
        workspace.delete("saved-replies", ":saved", use: deleteSavedReply)
        workspace.get("service-levels", use: serviceLevels)
        workspace.put("service-levels", use: saveServiceLevels)
    }

    @Sendable static func serviceLevels(req: Request) async throws -> ServiceLevelsDTO {
        ServiceLevelsDTO(try await WorkspaceAccess.resolve(req).workspace)
    }

    /// `{"hours":{"mon":["09:00","18:00"],…},"holidays":["2026-12-31"],"targets":{"urgent":{"first_response_hours":1,"resolution_hours":4},…}}`.
    @Sendable static func saveServiceLevels(req: Request) async throws -> ServiceLevelsDTO {
        let input = try req.decodeJSON(ServiceLevelsInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        var days: [Int: (String, String)] = [:]
        for (name, span) in input.hours ?? [:] {
            guard let weekday = ServiceLevelsDTO.dayNames.firstIndex(of: name).map({ $0 + 1 }) else {
                throw ValidationError(code: "invalid_choice", field: "hours.\(name)", message: .init(.errorInvalidChoice, name, ServiceLevelsDTO.dayNames.joined(separator: ", ")))
            }
            guard span.count == 2 else {
                throw ValidationError(code: "invalid_hours", field: "hours.\(name)", message: .init(.serviceHoursInvalid, span.first ?? "", span.last ?? ""))
            }
            days[weekday] = (span[0], span[1])
        }
        var targets: [String: (Double, Double)] = [:]
        for (priority, target) in input.targets ?? [:] {
            guard InboxItem.Priority(rawValue: priority) != nil else {
                throw ValidationError(code: "invalid_choice", field: "targets.\(priority)", message: .init(.errorInvalidChoice, priority, "low, normal, high, urgent"))
            }
            targets[priority] = (target.firstResponseHours ?? -1, target.resolutionHours ?? -1)
        }
        let workspace = try await ServiceLevelService.save(access, .init(days: days, holidays: input.holidays ?? [], targets: targets), on: req.db)
        return ServiceLevelsDTO(workspace)
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

    /// `{"enabled": false}` switches a rule off (kept in its place, not applied); `true` on again.
    @Sendable static func switchRule(req: Request) async throws -> RoutingRuleDTO {
        let input = try req.decodeJSON(RoutingSwitchInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        guard let enabled = input.enabled else {
            throw ValidationError(code: "required", field: "enabled", message: .init(.errorRequired))
        }
        return RoutingRuleDTO(try await RoutingRuleService.setEnabled(access, ruleID: try req.uuidParameter("rule"), enabled, on: req.db))
    }

    /// The same body: how many of the last 500 items it would have matched.
    @Sendable static func tryRule(req: Request) async throws -> RoutingTrialDTO {
        let input = try req.decodeJSON(RoutingRuleInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let trial = try await RoutingRuleService.trial(access, input.service, on: req.db)
        return RoutingTrialDTO(matched: trial.matched, tried: trial.tried, examples: trial.examples.compactMap(\.id), tooSlow: trial.tooSlow)
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

struct RoutingSwitchInput: JSONInput {
    var enabled: Bool?
    enum CodingKeys: String, CodingKey, CaseIterable { case enabled }
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
    /// Items on which the pattern took too long (the rule would be skipped there).
    var tooSlow: Int
}

struct ServiceLevelsInput: JSONInput {
    struct Target: Codable {
        var firstResponseHours: Double?
        var resolutionHours: Double?
        enum CodingKeys: String, CodingKey {
            case firstResponseHours = "first_response_hours"
            case resolutionHours = "resolution_hours"
        }
    }

    var hours: [String: [String]]?
    var holidays: [String]?
    var targets: [String: Target]?
    enum CodingKeys: String, CodingKey, CaseIterable { case hours, holidays, targets }
}

struct ServiceLevelsDTO: Content {
    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    struct Target: Content {
        var firstResponseHours: Double
        var resolutionHours: Double
    }

    var timeZone: String
    var hours: [String: [String]]
    var holidays: [String]
    var targets: [String: Target]

    init(_ workspace: Workspace) {
        timeZone = workspace.timeZone
        let business = workspace.businessHours
        hours = Dictionary(uniqueKeysWithValues: business.days.map { weekday, window in
            (Self.dayNames[weekday - 1], [ServiceLevelService.text(window.open), ServiceLevelService.text(window.close)])
        })
        holidays = business.holidays.sorted()
        targets = workspace.serviceTargets.targets.mapValues { Target(firstResponseHours: $0.firstResponse / 3600, resolutionHours: $0.resolution / 3600) }
    }
}
