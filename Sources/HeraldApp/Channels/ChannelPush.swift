import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldJobs
import HeraldStore

/// Platforms that push their updates to Herald when it has a public address (the `Pushing`
/// capability: Telegram's webhook, VK's Callback API), instead of being polled: each channel's
/// address and secret, switching a channel over when it is connected, and taking a delivery in —
/// the connector checks it, each item is stored once (a replayed delivery adds nothing).
package enum ChannelPush {
    /// The cursor of a channel whose updates are pushed: the poller leaves it alone.
    package static let pushedCursor = InboxSync.pushedCursor

    package static func path(_ platform: Platform, _ channelID: UUID) -> String {
        "/hooks/\(platform.rawValue)/\(channelID.text.lowercased())"
    }

    /// The channel's secret (hex, derived from the installation's key: never stored), as long as
    /// the platform allows.
    static func secret(_ platform: Platform, _ channelID: UUID, length: Int, box: SecretBox) -> String {
        let full = Hex.encode(box.authenticationCode(for: "\(platform.rawValue)-push:\(channelID.text.lowercased())"))
        return String(full.prefix(length))
    }

    /// After connecting: where the installation can be reached and the platform pushes, ask it to.
    /// A refusal leaves the channel polled, with the platform's words on its inbox sync.
    static func enable(_ channel: SocialChannel, credential: ChannelCredential, box: SecretBox, connectors: Connectors,
                       on database: any Database) async throws {
        guard let platform = channel.platform, let pushing = connectors.connector(for: platform) as? any Pushing,
              let base = connectors.pushBase, let id = channel.id else { return }
        let cursor = try await InboxCursor.find(id, on: database) ?? InboxCursor(channelID: id)
        do {
            try await pushing.enablePush(credential: credential.encoded, url: base + path(platform, id),
                                         secret: secret(platform, id, length: pushing.pushSecretLength, box: box))
            cursor.cursor = pushedCursor
            cursor.error = nil
        } catch {
            cursor.error = error.message.map { String($0.prefix(500)) }
            cursor.errorAt = Date()
        }
        try await cursor.save(on: database)
    }

    package enum Delivery: Equatable {
        /// Stored that many new items of the `of` the delivery carried; answer with `reply`. None
        /// new of some is a delivery Herald already had: a replay, or the platform sending again
        /// because our answer was lost — either way nothing is stored twice.
        case stored(Int, of: Int, reply: String)
        /// The platform asks Herald to prove the address: answer with this body.
        case answer(String)
        case refused
        case malformed
        case unknownChannel
    }

    /// One delivery to `channelID`'s address.
    package static func receive(platform raw: String, channelID: UUID, headers: [String: String], body: Data, box: SecretBox,
                                connectors: Connectors, on database: any Database) async throws -> Delivery {
        guard let platform = Platform(rawValue: raw), let pushing = connectors.connector(for: platform) as? any Pushing,
              let channel = try await SocialChannel.find(channelID, on: database), channel.archivedAt == nil,
              channel.platform == platform else { return .unknownChannel }
        let credential = try channel.openCredential(with: box)
        let outcome: PushOutcome
        do {
            outcome = try await pushing.receivePush(PushDelivery(headers: headers, body: body),
                                                    secret: secret(platform, channelID, length: pushing.pushSecretLength, box: box),
                                                    credential: credential)
        } catch {
            return .refused  // the platform could not be asked (VK's confirmation code): it will ask again
        }
        switch outcome {
        case .items(let items, let counts, let deleted, let reply):
            let batch = ConversationBatch(items: items, counts: counts, cursor: nil, deleted: deleted)
            return .stored(try await database.writeTransaction { tx in try await InboxSync.store(batch, channel: channel, now: Date(), on: tx) },
                           of: items.count, reply: reply)
        case .answer(let body): return .answer(body)
        case .refused: return .refused
        case .malformed: return .malformed
        }
    }
}
