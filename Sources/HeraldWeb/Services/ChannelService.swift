import Fluent
import HeraldConnectors
import HeraldCore
import HeraldStore
import Vapor

/// Connected accounts. Credentials are sealed with the workspace and channel ids as associated
/// data before they are saved, and are never returned by any page or API.
enum ChannelService {
    struct NewChannel: Sendable {
        var platform: String?
        var name: String?
        var accessToken: String?
        var instanceURL: String?
    }

    static func list(_ access: WorkspaceAccess, on database: any Database) async throws -> [SocialChannel] {
        try access.require(.viewChannels)
        return try await SocialChannel.scoped(to: access.workspaceID, on: database).sort(\.$name).all()
    }

    static func find(_ access: WorkspaceAccess, id: UUID, on database: any Database) async throws -> SocialChannel {
        try access.require(.viewChannels)
        guard let channel = try await SocialChannel.find(id, in: access.workspaceID, on: database) else { throw AppError.notFound }
        return channel
    }

    static func create(_ access: WorkspaceAccess, _ input: NewChannel, box: SecretBox,
                       on database: any Database) async throws -> SocialChannel {
        try access.require(.manageChannels)
        let platform = try Platform.parse(input.platform, field: "platform")
        let name = try Fields.name(input.name, field: "name")
        let token = (input.accessToken ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw ValidationError(code: "required", field: "access_token", message: .init(.errorRequired))
        }
        guard token.utf8.count <= 8192 else {
            throw ValidationError(code: "too_long", field: "access_token",
                                  message: .init(.errorTooLong, "8192", String(token.utf8.count - 8192)))
        }
        var instance: String?
        if let raw = input.instanceURL?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            guard let url = URL(string: raw), url.scheme == "https" || url.scheme == "http", url.host != nil else {
                throw ValidationError(code: "invalid_url", field: "instance_url", message: .init(.errorInvalidURL, raw))
            }
            instance = raw.hasSuffix("/") ? String(raw.dropLast()) : raw
        } else if platform == .mastodon {
            throw ValidationError(code: "required", field: "instance_url", message: .init(.errorRequired))
        }
        let id = UUID()
        let secret = ChannelCredential(accessToken: token, instanceURL: instance).encoded
        let sealed = try box.seal(Data(secret.utf8), context: SocialChannel.credentialContext(workspaceID: access.workspaceID, channelID: id))
        let channel = SocialChannel(id: id, workspaceID: access.workspaceID, platform: platform, name: name, sealedCredentials: sealed)
        try await channel.create(on: database)
        return channel
    }

    static func delete(_ access: WorkspaceAccess, id: UUID, on database: any Database) async throws {
        try access.require(.manageChannels)
        guard let channel = try await SocialChannel.find(id, in: access.workspaceID, on: database) else { throw AppError.notFound }
        try await channel.delete(on: database)
    }

    /// Replaces a channel's weekly posting slots ("Mon 09:00, Wed 18:30").
    static func setSlots(_ access: WorkspaceAccess, id: UUID, text: String, on database: any Database) async throws -> SocialChannel {
        try access.require(.manageChannels)
        let slots = try WeeklySlot.parseList(text)
        let channel = try await find(access, id: id, on: database)
        channel.postingSlots = slots
        try await channel.save(on: database)
        return channel
    }
}
