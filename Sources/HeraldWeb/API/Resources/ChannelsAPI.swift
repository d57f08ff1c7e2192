import Fluent
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldStore
import Vapor

/// `/api/v1`: Connected accounts: connect, check, pause, budget, slots, remove.
enum ChannelsAPI {
    static func register(_ api: any RoutesBuilder, workspace: any RoutesBuilder) {
        workspace.get("channels", use: listChannels)
        workspace.post("channels", use: createChannel)
        workspace.post("channels", "oauth", use: startOAuth)
        workspace.get("channels", ":channel", use: showChannel)
        workspace.delete("channels", ":channel", use: deleteChannel)
        workspace.patch("channels", ":channel", use: updateChannel)
        workspace.post("channels", ":channel", "reconnect", use: reconnectChannel)
        workspace.post("channels", ":channel", "check", use: checkChannel)
        workspace.put("channels", ":channel", "slots", use: updateSlots)
    }

    @Sendable static func listChannels(req: Request) async throws -> ListDTO<ChannelDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        return ListDTO(items: try await ChannelService.list(access, on: req.db).map(ChannelDTO.init))
    }

    @Sendable static func createChannel(req: Request) async throws -> Response {
        let input = try req.decodeJSON(ChannelInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let channel = try await ChannelService.create(access, input.newChannel, box: req.application.secretBox,
                                                          connectors: req.application.connectors, on: req.db)
        return try await ChannelDTO(channel).encodeResponse(status: .created, for: req)
    }

    /// Begins connecting (or, with `channel_id`, reconnecting) by signing in on the platform: the
    /// answer is the address to open in a browser where the person is signed in to Herald.
    @Sendable static func startOAuth(req: Request) async throws -> Response {
        let input = try req.decodeJSON(OAuthStartInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        var channelID: UUID?
        if let raw = input.channelID {
            guard let id = UUID(text: raw) else {
                throw ValidationError(code: "invalid_id", field: "channel_id", message: .init(.errorInvalidID, raw))
            }
            channelID = id
        }
        let started = try await ChannelOAuth.start(access, platform: input.platform, server: input.instanceURL ?? input.serviceURL,
                                                   name: input.name, account: input.community, channelID: channelID, baseURL: req.application.herald.baseURL,
                                                   box: req.application.secretBox, connectors: req.application.connectors, on: req.db)
        return try await OAuthStartDTO(authorizeURL: started.authorizeURL, expiresAt: started.expiresAt)
            .encodeResponse(status: .created, for: req)
    }

    @Sendable static func showChannel(req: Request) async throws -> ChannelDTO {
        let access = try await WorkspaceAccess.resolve(req)
        return try ChannelDTO(try await ChannelService.find(access, id: req.uuidParameter("channel"), on: req.db))
    }

    @Sendable static func updateChannel(req: Request) async throws -> ChannelDTO {
        let input = try req.decodeJSON(ChannelChangesInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        return try ChannelDTO(try await ChannelService.update(
            access, id: req.uuidParameter("channel"),
            .init(state: input.state, budgetCount: input.budgetCount, budgetHours: input.budgetHours), on: req.db))
    }

    @Sendable static func reconnectChannel(req: Request) async throws -> ChannelDTO {
        let input = try req.decodeJSON(ChannelInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let (channel, _) = try await ChannelService.reconnect(access, id: req.uuidParameter("channel"), input.newChannel,
                                                              box: req.application.secretBox, connectors: req.application.connectors,
                                                              on: req.db)
        return try ChannelDTO(channel)
    }

    /// Who the account is now and what Herald can do with it (422 when the platform refuses the credential).
    @Sendable static func checkChannel(req: Request) async throws -> ChannelCheckDTO {
        let access = try await WorkspaceAccess.resolve(req)
        return ChannelCheckDTO(try await ChannelService.check(access, id: req.uuidParameter("channel"), box: req.application.secretBox,
                                                              connectors: req.application.connectors, on: req.db))
    }

    @Sendable static func deleteChannel(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await ChannelService.delete(access, id: req.uuidParameter("channel"), on: req.db)
        return .noContent
    }

    @Sendable static func updateSlots(req: Request) async throws -> ChannelDTO {
        let input = try req.decodeJSON(SlotsInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        return try ChannelDTO(try await ChannelService.setSlots(access, id: req.uuidParameter("channel"),
                                                                text: (input.slots ?? []).joined(separator: ","), on: req.db))
    }
}

/// The answer of `POST …/channels/:id/check`. Capabilities the platform lacks are `false`; metrics
/// it does not give are listed in `not_available` — never reported as zero.
struct ChannelCheckDTO: Content {
    var account: String
    var platform: String
    var capabilities: [String: Bool]
    var postMetrics: [String]
    var notAvailable: [String]
    var conversationKinds: [String]
    var totals: [String: Int]
    var docs: String

    init(_ check: ChannelCheck) {
        account = check.account
        platform = check.descriptor.platform.rawValue
        capabilities = Dictionary(uniqueKeysWithValues: Capability.allCases.map { ($0.rawValue, check.descriptor.capabilities.contains($0)) })
        postMetrics = check.givenMetrics.map(\.rawValue)
        notAvailable = check.missingMetrics.map(\.rawValue)
        conversationKinds = ConversationItem.Kind.allCases.filter(check.descriptor.conversationKinds.contains).map(\.rawValue)
        totals = Dictionary(uniqueKeysWithValues: check.totals.map { ($0.key.rawValue, $0.value) })
        docs = check.descriptor.docs
    }
}

struct OAuthStartInput: JSONInput {
    var platform: String?
    var instanceURL: String?
    var name: String?
    var channelID: String?
    var community: String?
    var serviceURL: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case platform, name, community
        case instanceURL = "instance_url"
        case channelID = "channel_id"
        case serviceURL = "service_url"
    }
}

struct OAuthStartDTO: Content {
    var authorizeURL: String
    var expiresAt: Date

    enum CodingKeys: String, CodingKey {
        case authorizeURL = "authorize_url"
        case expiresAt = "expires_at"
    }
}
