import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldJobs
import HeraldStore

/// Platforms that push their updates to Herald when it has a public address (Telegram's webhook,
/// VK's Callback API), instead of being polled: the address and its secret per channel, switching
/// a channel over when it is connected, and taking a delivery in — the secret checked, each item
/// stored once (a replayed delivery adds nothing).
package enum ChannelPush {
    /// The cursor of a channel whose updates are pushed: the poller leaves it alone.
    package static let pushedCursor = InboxSync.pushedCursor

    package static func path(_ platform: Platform, _ channelID: UUID) -> String {
        "/hooks/\(platform.rawValue)/\(channelID.uuidString.lowercased())"
    }

    /// The channel's secret (hex, derived from the installation's key: never stored): 64
    /// characters for Telegram, 32 for VK (its secret keys are at most 50).
    package static func secret(_ platform: Platform, _ channelID: UUID, box: SecretBox) -> String {
        let full = box.authenticationCode(for: "\(platform.rawValue)-push:\(channelID.uuidString.lowercased())")
            .map { String(format: "%02x", $0) }.joined()
        return platform == .vk ? String(full.prefix(32)) : full
    }

    /// After connecting: where the installation can be reached, ask Telegram to push. A refusal
    /// leaves the channel polled, with the platform's words on its inbox sync.
    static func enable(_ channel: SocialChannel, credential: ChannelCredential, box: SecretBox, connectors: Connectors,
                       on database: any Database) async throws {
        guard let platform = channel.platform, [.telegram, .vk].contains(platform), let base = connectors.pushBase,
              let id = channel.id else { return }
        let cursor = try await InboxCursor.find(id, on: database) ?? InboxCursor(channelID: id)
        do {
            let url = base + path(platform, id), key = secret(platform, id, box: box)
            if platform == .vk {
                try await connectors.vk.enableCallback(credential: credential.encoded, url: url, secret: key)
            } else {
                try await connectors.telegram.setWebhook(credential: credential.encoded, url: url, secret: key)
            }
            cursor.cursor = pushedCursor
            cursor.error = nil
        } catch {
            cursor.error = error.message.map { String($0.prefix(500)) }
            cursor.errorAt = Date()
        }
        try await cursor.save(on: database)
    }

    package enum Delivery: Equatable {
        case stored(Int)
        /// VK asks for the confirmation code: answer it as the body.
        case confirmation(String)
        case refused
        case unknownChannel
    }

    /// One update Telegram pushed for `channelID`, with the secret header it carried.
    package static func receive(channelID: UUID, secret presented: String?, body: Data, box: SecretBox,
                                on database: any Database) async throws -> Delivery {
        guard let channel = try await SocialChannel.find(channelID, on: database), channel.archivedAt == nil,
              channel.platform == .telegram else { return .unknownChannel }
        guard let presented, SecretToken.constantTimeEquals(presented, secret(.telegram, channelID, box: box)) else { return .refused }
        guard let update = try? JSONDecoder().decode(JSONValue.self, from: body) else {
            throw ValidationError(code: "malformed_json", field: nil, message: .init(.errorMalformedJSON, "a Telegram update"))
        }
        let credential = ChannelCredential.parse(try channel.openCredential(with: box))
        guard let chat = credential.account, let item = TelegramPlatform.item(fromUpdate: update, channelID: chat) else { return .stored(0) }
        return .stored(try await InboxSync.store([item], channel: channel, now: Date(), on: database))
    }

    /// One event VK's Callback API sent for `channelID`: a confirmation request is answered with
    /// the community's code (asked of VK); any other event must carry the channel's secret.
    package static func receiveVK(channelID: UUID, body: Data, box: SecretBox, connectors: Connectors,
                                  on database: any Database) async throws -> Delivery {
        guard let channel = try await SocialChannel.find(channelID, on: database), channel.archivedAt == nil,
              channel.platform == .vk else { return .unknownChannel }
        guard let event = try? JSONDecoder().decode(JSONValue.self, from: body) else {
            throw ValidationError(code: "malformed_json", field: nil, message: .init(.errorMalformedJSON, "a VK event"))
        }
        let credential = try channel.openCredential(with: box)
        guard let community = ChannelCredential.parse(credential).account, event["group_id"]?.intValue == Int(community) else {
            return .refused
        }
        if event["type"]?.stringValue == "confirmation" {
            do {
                return .confirmation(try await connectors.vk.confirmationCode(credential: credential))
            } catch {
                return .refused
            }
        }
        guard let presented = event["secret"]?.stringValue, SecretToken.constantTimeEquals(presented, secret(.vk, channelID, box: box)) else {
            return .refused
        }
        guard let item = VKPlatform.item(fromEvent: event, communityID: community) else { return .stored(0) }
        return .stored(try await InboxSync.store([item], channel: channel, now: Date(), on: database))
    }
}
