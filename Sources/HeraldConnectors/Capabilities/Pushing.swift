import Foundation
import HeraldCore

/// A platform that pushes a channel's comments and messages to Herald when Herald can be reached
/// (Telegram's webhook, VK's Callback API), instead of being polled. Herald gives each channel an
/// address and a secret; how the secret travels and what else the platform asks for (VK's
/// confirmation code) is the connector's to know.
public protocol Pushing: Conversations {
    /// How long the channel's secret may be (the platform's own limit).
    var pushSecretLength: Int { get }
    /// Asks the platform to push the channel's updates to `url`, carrying `secret`.
    func enablePush(credential: String, url: String, secret: String) async throws(PlatformError)
    /// One delivery to the channel's address, checked against `secret`.
    func receivePush(_ delivery: PushDelivery, secret: String, credential: String) async throws(PlatformError) -> PushOutcome
}

/// What arrived at a channel's push address.
public struct PushDelivery: Sendable {
    public var headers: [String: String]
    public var body: Data

    public init(headers: [String: String], body: Data) {
        self.headers = headers
        self.body = body
    }

    /// A header, by name in any case.
    public func header(_ name: String) -> String? { headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value }
}

public enum PushOutcome: Sendable, Equatable {
    /// Items for this channel (none when the delivery is about something else), and counts of
    /// its posts the delivery carried (`ConversationBatch.counts`); answer `reply`.
    case items([ConversationItem], counts: [String: [PostMetric: Int]] = [:], deleted: [String] = [], reply: String)
    /// The platform asks Herald to prove the address is its own: answer with this body.
    case answer(String)
    /// Not from the platform (wrong secret or channel), or not a delivery at all.
    case refused
    case malformed
}
