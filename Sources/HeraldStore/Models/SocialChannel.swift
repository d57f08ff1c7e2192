import FluentKit
import Foundation
import HeraldCore

/// A connected account on a platform (a Mastodon account, a VK community, a Telegram channel…).
/// `sealedCredentials` is AES-GCM ciphertext (see `SecretBox`); the plain token never touches disk.
public final class SocialChannel: Model, WorkspaceScoped, @unchecked Sendable {
    public static let schema = "channels"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "workspace_id") public var workspace: Workspace
    @Field(key: "platform") public var platformName: String
    @Field(key: "name") public var name: String
    @Field(key: "state") public var stateName: String
    @Field(key: "sealed_credentials") public var sealedCredentials: Data
    /// JSON array of `WeeklySlot`.
    @OptionalField(key: "posting_slots") public var postingSlotsJSON: String?
    /// Why the channel is not active (the platform's words), shown beside "Reconnect".
    @OptionalField(key: "state_reason") public var stateReason: String?
    /// A 429 pauses this account (only this one) until then.
    @OptionalField(key: "rate_paused_until") public var ratePausedUntil: Date?
    @OptionalField(key: "budget_count") public var budgetCount: Int?
    @OptionalField(key: "budget_seconds") public var budgetSeconds: Int?
    /// When the stored credential stops working (nil: it does not expire).
    @OptionalField(key: "credential_expires_at") public var credentialExpiresAt: Date?
    /// Removed by a person but kept, credential-less, because posts went out on it: its history
    /// stays on the post pages. Archived channels are offered nowhere and publish nothing.
    @OptionalField(key: "archived_at") public var archivedAt: Date?
    /// The server's own limits where the platform reports them (Mastodon's `/api/v2/instance`), as JSON.
    @OptionalField(key: "platform_limits") public var platformLimitsJSON: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public static var workspaceIDKey: KeyPath<SocialChannel, FieldProperty<SocialChannel, UUID>> { \.$workspace.$id }

    public init() {}

    public init(id: UUID? = nil, workspaceID: UUID, platform: Platform, name: String, sealedCredentials: Data) {
        self.id = id
        self.$workspace.id = workspaceID
        self.platformName = platform.rawValue
        self.name = name
        self.stateName = ChannelState.active.rawValue
        self.sealedCredentials = sealedCredentials
    }

    public var platform: Platform? { Platform(rawValue: platformName) }
    public var state: ChannelState { ChannelState(rawValue: stateName) ?? .paused }

    /// The channel's own rate budget, else its platform's default; nil when it has none (a
    /// self-hosted server without limits: `budget_count` -1).
    public var rateBudget: RateBudget? {
        if budgetCount == Self.unlimitedBudget { return nil }
        if let budgetCount, let budgetSeconds, budgetCount > 0, budgetSeconds > 0 {
            return RateBudget(count: budgetCount, seconds: budgetSeconds)
        }
        return RateBudget.defaults(for: platform ?? .sandbox)
    }

    public static let unlimitedBudget = -1

    public var postingSlots: [WeeklySlot] {
        get {
            guard let json = postingSlotsJSON, let data = json.data(using: .utf8),
                  let slots = try? JSONDecoder().decode([WeeklySlot].self, from: data) else { return [] }
            return slots.sorted()
        }
        set { postingSlotsJSON = (try? JSONEncoder().encode(newValue.sorted())).map { String(decoding: $0, as: UTF8.self) } }
    }

    /// What the channel's server reported about itself when it was connected (Mastodon).
    public var instanceLimits: MastodonInstanceLimits? {
        get { platformLimitsJSON.flatMap { try? JSONDecoder().decode(MastodonInstanceLimits.self, from: Data($0.utf8)) } }
        set { platformLimitsJSON = newValue.flatMap { try? JSONEncoder().encode($0) }.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// What this channel accepts: its platform's rules, with its own server's limits taking precedence.
    public var rules: PlatformRules {
        let defaults = PlatformRules.defaults(for: platform ?? .sandbox)
        guard platform == .mastodon, let limits = instanceLimits else { return defaults }
        return defaults.overriding(limits)
    }
}

extension SocialChannel {
    /// The associated data a channel's credential is sealed with: it opens only on its own row.
    public static func credentialContext(workspaceID: UUID, channelID: UUID) -> String {
        "channel-credential:\(workspaceID.text):\(channelID.text)"
    }

    /// The plain credential, for connectors only.
    public func openCredential(with box: SecretBox) throws -> String {
        let plain = try box.open(sealedCredentials, context: Self.credentialContext(workspaceID: $workspace.id, channelID: try requireID()))
        return String(decoding: plain, as: UTF8.self)
    }
}
