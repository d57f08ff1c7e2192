import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldJobs
import HeraldStore

/// Platforms that push their updates to Herald when it has a public address (Telegram's
/// webhook), instead of being polled: the address and its secret per channel, switching a
/// channel over when it is connected, and taking a delivery in — the secret checked, each item
/// stored once (a replayed delivery adds nothing).
package enum ChannelPush {
    /// The cursor of a channel whose updates are pushed: the poller leaves it alone.
    package static let pushedCursor = InboxSync.pushedCursor

    package static func path(_ channelID: UUID) -> String { "/hooks/telegram/\(channelID.uuidString.lowercased())" }

    /// The channel's secret (64 hex characters, derived from the installation's key: never stored).
    package static func secret(_ channelID: UUID, box: SecretBox) -> String {
        box.authenticationCode(for: "telegram-webhook:\(channelID.uuidString.lowercased())").map { String(format: "%02x", $0) }.joined()
    }

    /// After connecting: where the installation can be reached, ask Telegram to push. A refusal
    /// leaves the channel polled, with the platform's words on its inbox sync.
    static func enable(_ channel: SocialChannel, credential: ChannelCredential, box: SecretBox, connectors: Connectors,
                       on database: any Database) async throws {
        guard channel.platform == .telegram, let base = connectors.pushBase, let id = channel.id else { return }
        let cursor = InboxCursor(channelID: id)
        do {
            try await connectors.telegram.setWebhook(credential: credential.encoded, url: base + path(id), secret: secret(id, box: box))
            cursor.cursor = pushedCursor
        } catch {
            cursor.error = error.message.map { String($0.prefix(500)) }
            cursor.errorAt = Date()
        }
        try await cursor.save(on: database)
    }

    package enum Delivery: Equatable {
        case stored(Int)
        case refused
        case unknownChannel
    }

    /// One update Telegram pushed for `channelID`, with the secret header it carried.
    package static func receive(channelID: UUID, secret presented: String?, body: Data, box: SecretBox,
                                on database: any Database) async throws -> Delivery {
        guard let channel = try await SocialChannel.find(channelID, on: database), channel.archivedAt == nil,
              channel.platform == .telegram else { return .unknownChannel }
        guard let presented, SecretToken.constantTimeEquals(presented, secret(channelID, box: box)) else { return .refused }
        guard let update = try? JSONDecoder().decode(JSONValue.self, from: body) else {
            throw ValidationError(code: "malformed_json", field: nil, message: .init(.errorMalformedJSON, "a Telegram update"))
        }
        let credential = ChannelCredential.parse(try channel.openCredential(with: box))
        guard let chat = credential.account, let item = TelegramPlatform.item(fromUpdate: update, channelID: chat) else { return .stored(0) }
        return .stored(try await InboxSync.store([item], channel: channel, now: Date(), on: database))
    }
}
