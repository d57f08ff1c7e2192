import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore

/// Connected accounts. Credentials are sealed with the workspace and channel ids as associated
/// data before they are saved, and are never returned by any page or API.
package enum ChannelService {
    package struct NewChannel: Sendable {
        package var platform: String?
        package var name: String?
        package var accessToken: String?
        package var instanceURL: String?
        /// For tokens that expire: the refresh token (when the platform has them) and the expiry.
        package var refreshToken: String? = nil
        package var expiresAt: String? = nil
        /// Bluesky: the handle (or DID), an app password, and the PDS when it is not the one the
        /// handle resolves to.
        package var handle: String? = nil
        package var appPassword: String? = nil
        package var serviceURL: String? = nil
        /// Telegram: the channel or group the bot posts to (`@name` or its id); the bot token is
        /// `accessToken`, a local Bot API server `serviceURL`.
        package var chat: String? = nil
        /// VK: the community (`club123`, `vk.com/name`, its id); the community token is `accessToken`.
        package var community: String? = nil

        package init(platform: String? = nil, name: String? = nil, accessToken: String? = nil, instanceURL: String? = nil, refreshToken: String? = nil, expiresAt: String? = nil,
                     handle: String? = nil, appPassword: String? = nil, serviceURL: String? = nil, chat: String? = nil,
                     community: String? = nil) {
            self.chat = chat
            self.community = community
            self.handle = handle
            self.appPassword = appPassword
            self.serviceURL = serviceURL
            self.platform = platform
            self.name = name
            self.accessToken = accessToken
            self.instanceURL = instanceURL
            self.refreshToken = refreshToken
            self.expiresAt = expiresAt
        }

        /// Every field as the form or body carried it, by name: a platform's own connect form
        /// (`FormConnecting`) reads its fields from here.
        package var formValues: [String: String] = [:]

        /// The form's fields by name, as a platform's own connect form reads them.
        var values: [String: String] {
            formValues.merging(["access_token": accessToken, "instance_url": instanceURL, "handle": handle, "app_password": appPassword,
                                "service_url": serviceURL, "chat": chat, "community": community].compactMapValues { $0 }) { _, typed in typed }
        }
    }

    /// What a person may change on a connected channel.
    package struct Changes: Sendable {
        /// "active" or "paused" ("needs_reconnect" is the engine's to set; reconnecting clears it).
        package var state: String?
        /// Posts per window overriding the platform's default; 0 goes back to the default, -1 means
        /// no budget at all (a self-hosted server without limits).
        package var budgetCount: Int?
        package var budgetHours: Int?

        package init(state: String? = nil, budgetCount: Int? = nil, budgetHours: Int? = nil) {
            self.state = state
            self.budgetCount = budgetCount
            self.budgetHours = budgetHours
        }
    }

    package static func list(_ access: WorkspaceAccess, on database: any Database) async throws -> [SocialChannel] {
        try access.require(.viewChannels)
        return try await SocialChannel.scoped(to: access.workspaceID, on: database).filter(\.$archivedAt == nil).sort(\.$name).all()
    }

    package static func find(_ access: WorkspaceAccess, id: UUID, on database: any Database) async throws -> SocialChannel {
        try access.require(.viewChannels)
        guard let channel = try await SocialChannel.find(id, in: access.workspaceID, on: database), channel.archivedAt == nil else {
            throw AppError.notFound
        }
        return channel
    }

    /// Connects a channel: the platform must be one Herald can publish to, and the credential is
    /// checked with it (who am I) before anything is stored.
    package static func create(_ access: WorkspaceAccess, _ input: NewChannel, box: SecretBox, connectors: Connectors,
                       on database: any Database) async throws -> SocialChannel {
        try access.require(.manageChannels)
        let platform = try Platform.parse(input.platform, field: "platform")
        // A full workspace is said before the platform is asked (and again when storing, for the OAuth path).
        try await WorkspaceLimits.ensureRoomForChannel(in: access.workspaceID, on: database)
        // The name is checked with the typed credential, before the platform is asked.
        var problems = Problems()
        let name = try problems.check { try Fields.name(input.name, field: "name") }
        let credential = try await connectedCredential(input, platform: platform, connectors: connectors, newSandboxAccount: true,
                                                       problems: problems)
        guard let name else { throw problems.error }
        let limits = await instanceLimits(credential, platform: platform, connectors: connectors)
        let channel = try await store(access, platform: platform, name: name, credential: credential, limits: limits, box: box, on: database)
        try await ChannelPush.enable(channel, credential: credential, box: box, connectors: connectors, on: database)
        return channel
    }

    /// Saves a new channel with a credential already checked with its platform.
    static func store(_ access: WorkspaceAccess, platform: Platform, name: String, credential: ChannelCredential,
                      limits: MastodonInstanceLimits?, box: SecretBox, on database: any Database) async throws -> SocialChannel {
        try await WorkspaceLimits.ensureRoomForChannel(in: access.workspaceID, on: database)
        let id = UUID()
        let channel = SocialChannel(id: id, workspaceID: access.workspaceID, platform: platform, name: name,
                                    sealedCredentials: try seal(credential, access: access, channelID: id, box: box))
        channel.credentialExpiresAt = credential.expiresAt
        channel.instanceLimits = limits
        try await channel.create(on: database)
        return channel
    }

    /// A Mastodon server's own limits, when it says (a server that does not is held to the
    /// defaults); nil for other platforms, whose limits are fixed.
    static func instanceLimits(_ credential: ChannelCredential, platform: Platform, connectors: Connectors) async -> MastodonInstanceLimits? {
        guard platform == .mastodon, let server = credential.instanceURL else { return nil }
        return try? await connectors.mastodon.instanceLimits(server: server)
    }

    /// A new credential for a channel (after "needs reconnecting", or before an old one expires):
    /// the channel is active again and its posts that failed for want of it are retried.
    package static func reconnect(_ access: WorkspaceAccess, id: UUID, _ input: NewChannel, box: SecretBox, connectors: Connectors,
                          on database: any Database) async throws -> (SocialChannel, retried: Int) {
        try access.require(.manageChannels)
        let channel = try await find(access, id: id, on: database)
        guard let platform = channel.platform else { throw AppError.notFound }
        let credential = try await connectedCredential(input, platform: platform, connectors: connectors)
        let limits = await instanceLimits(credential, platform: platform, connectors: connectors)
        let result = try await replaceCredential(access, channel: channel, credential: credential, limits: limits, box: box, on: database)
        try await ChannelPush.enable(channel, credential: credential, box: box, connectors: connectors, on: database)
        return result
    }

    /// Puts a checked credential on a channel: active again, its posts that failed for want of access retried.
    static func replaceCredential(_ access: WorkspaceAccess, channel: SocialChannel, credential: ChannelCredential,
                                  limits: MastodonInstanceLimits?, box: SecretBox, on database: any Database) async throws
        -> (SocialChannel, retried: Int)
    {
        let id = try channel.requireID()
        channel.sealedCredentials = try seal(credential, access: access, channelID: id, box: box)
        channel.credentialExpiresAt = credential.expiresAt
        if let limits { channel.instanceLimits = limits }
        channel.stateName = ChannelState.active.rawValue
        channel.stateReason = nil
        channel.ratePausedUntil = nil
        let retried = try await database.writeTransaction { tx in
            try await channel.save(on: tx)
            return try await PublishingService.retryReconnectFailures(channelID: id, workspaceID: access.workspaceID, on: tx)
        }
        return (channel, retried)
    }

    /// Pause or resume, and the rate budget override.
    package static func update(_ access: WorkspaceAccess, id: UUID, _ changes: Changes, on database: any Database) async throws -> SocialChannel {
        try access.require(.manageChannels)
        let channel = try await find(access, id: id, on: database)
        var problems = Problems()
        var state: ChannelState?
        if let raw = changes.state {
            if let parsed = ChannelState(rawValue: raw), parsed != .needsReconnect {
                state = parsed
            } else {
                problems.add(ValidationError(code: "invalid_state", field: "state", message: .init(.errorInvalidChoice, raw, "active, paused")))
            }
        }
        var budget: (count: Int?, seconds: Int?)?
        switch (changes.budgetCount, changes.budgetHours) {
        case (nil, nil): break
        case (0?, _): budget = (nil, nil)
        case (SocialChannel.unlimitedBudget?, _): budget = (SocialChannel.unlimitedBudget, nil)
        case (let count?, let hours?):
            if !(1...1_000_000).contains(count) {
                problems.add(ValidationError(code: "out_of_range", field: "budget_count", message: .init(.errorOutOfRange, "-1", "1000000")))
            }
            if !(1...720).contains(hours) {
                problems.add(ValidationError(code: "out_of_range", field: "budget_hours", message: .init(.errorOutOfRange, "1", "720")))
            }
            budget = (count, hours * 3600)
        case (nil, _?):
            problems.add(ValidationError(code: "required", field: "budget_count", message: .init(.errorRequired)))
        case (_?, nil):
            problems.add(ValidationError(code: "required", field: "budget_hours", message: .init(.errorRequired)))
        }
        try problems.throwIfAny()
        if let budget {
            channel.budgetCount = budget.count
            channel.budgetSeconds = budget.seconds
        }
        if let state {
            channel.stateName = state.rawValue
            if state == .active { channel.stateReason = nil }
        }
        try await channel.save(on: database)
        return channel
    }

    private static func seal(_ credential: ChannelCredential, access: WorkspaceAccess, channelID: UUID, box: SecretBox) throws -> Data {
        try box.seal(Data(credential.encoded.utf8), context: SocialChannel.credentialContext(workspaceID: access.workspaceID,
                                                                                            channelID: channelID))
    }

    /// The credential to seal, checked with the platform: a form of the platform's own
    /// (`FormConnecting`, in its folder), or a token asked "who am I".
    /// `problems` found in the rest of the form are told together with the typed credential's.
    private static func connectedCredential(_ input: NewChannel, platform: Platform, connectors: Connectors,
                                            newSandboxAccount: Bool = false, problems: Problems = Problems()) async throws -> ChannelCredential {
        var problems = problems
        guard let connector = connectors.connector(for: platform) else {
            throw ValidationError(code: "no_connector", field: "platform", message: .init(.channelPlatformComing, platform.displayName))
        }
        if let form = connector as? any FormConnecting {
            try problems.throwIfAny()
            return try await form.connect(ConnectValues(input.values, outbound: connectors.outbound))
        }
        let typed = try problems.check { try validCredential(input, platform: platform, newSandboxAccount: newSandboxAccount) }
        try problems.throwIfAny()
        guard let credential = typed else { throw problems.error }
        try await verify(credential, platform: platform, connectors: connectors)
        return credential
    }

    /// A platform's "no" (or no answer) as an error on the field to fix (`ConnectValues.refusal`).
    static func refusal(_ error: PlatformError, platform: Platform, field: String?, refused: L, unreachable: L) -> ValidationError {
        ConnectValues.refusal(error, platform: platform, field: field, refused: refused, unreachable: unreachable)
    }

    /// A server people name, checked as every connect form checks it (`ConnectValues.server`); nil when empty.
    static func server(_ raw: String?, field: String, connectors: Connectors) async throws -> String? {
        try await ConnectValues([field: raw ?? ""], outbound: connectors.outbound).server(field)
    }

    /// Asks the platform whose the credential is; a refusal names the field to fix.
    static func verify(_ credential: ChannelCredential, platform: Platform, connectors: Connectors) async throws {
        guard let connector = connectors.connector(for: platform) else {
            throw ValidationError(code: "no_connector", field: "platform", message: .init(.channelPlatformComing, platform.displayName))
        }
        if let instance = credential.instanceURL { _ = try await server(instance, field: "instance_url", connectors: connectors) }
        do {
            _ = try await connector.verify(credential)
        } catch {
            throw refusal(error, platform: platform, field: credential.instanceURL != nil && !error.isRefusal ? "instance_url" : "access_token",
                          refused: .channelCredentialRefused, unreachable: .channelUnreachable)
        }
    }

    private static func validCredential(_ input: NewChannel, platform: Platform, newSandboxAccount: Bool = false) throws
        -> ChannelCredential
    {
        var token = (input.accessToken ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        // A new Sandbox account needs no token from anywhere: one is made up to name it.
        if token.isEmpty && platform == .sandbox && newSandboxAccount { token = "sandbox-" + UUID().text.lowercased() }
        var problems = Problems()
        if token.isEmpty {
            problems.add(ValidationError(code: "required", field: "access_token", message: .init(.errorRequired)))
        } else if token.utf8.count > 8192 {
            problems.add(ValidationError(code: "too_long", field: "access_token", message: .init(.errorTooLong, "8192", String(token.utf8.count - 8192))))
        }
        let instance = try problems.check { try ConnectValues.serverURL(input.instanceURL, field: "instance_url") } ?? nil
        if instance == nil && platform == .mastodon && problems.found.allSatisfy({ $0.field != "instance_url" }) {
            problems.add(ValidationError(code: "required", field: "instance_url", message: .init(.errorRequired)))
        }
        var expiresAt: Date?
        if let raw = input.expiresAt?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            expiresAt = (try? Date.ISO8601FormatStyle().parse(raw)) ?? (try? Date.ISO8601FormatStyle().year().month().day().parse(raw))
            if expiresAt == nil { problems.add(ValidationError(code: "invalid_date", field: "expires_at", message: .init(.errorInvalidDate, raw))) }
        }
        try problems.throwIfAny()
        let refresh = input.refreshToken?.trimmingCharacters(in: .whitespacesAndNewlines)
        return ChannelCredential(accessToken: token, instanceURL: instance, refreshToken: refresh?.isEmpty == false ? refresh : nil,
                                 expiresAt: expiresAt)
    }

    /// Removes a channel; one with published posts or inbox items is archived instead, so their history stays
    /// (see `ChannelRemoval`). Refused while a post is being sent on it or its outcome is unknown.
    @discardableResult
    package static func delete(_ access: WorkspaceAccess, id: UUID, now: Date = Date(), on database: any Database) async throws
        -> ChannelRemoval.Outcome
    {
        try access.require(.manageChannels)
        guard let channel = try await SocialChannel.find(id, in: access.workspaceID, on: database), channel.archivedAt == nil else {
            throw AppError.notFound
        }
        do {
            return try await database.writeTransaction { tx in try await ChannelRemoval.remove(channel, now: now, on: tx) }
        } catch let locked as PublicationsLocked {
            throw AppError.locked(locked)
        }
    }

    /// Replaces a channel's weekly posting slots ("Mon 09:00, Wed 18:30").
    package static func setSlots(_ access: WorkspaceAccess, id: UUID, text: String, on database: any Database) async throws -> SocialChannel {
        try access.require(.manageChannels)
        let slots = try WeeklySlot.parseList(text)
        let channel = try await find(access, id: id, on: database)
        channel.postingSlots = slots
        try await channel.save(on: database)
        return channel
    }
}
