import Foundation
import HeraldApp

// Request bodies of the REST API. Every field is optional here; the services say which are
// required, so web forms and the API report a missing field the same way.

struct WorkspaceInput: JSONInput {
    var name: String?
    var timeZone: String?
    var language: String?
    var approvalRequired: Bool?
    var russianAdLabels: Bool?
    var replyApproval: Bool?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case timeZone = "time_zone"
        case language
        case approvalRequired = "approval_required"
        case russianAdLabels = "russian_ad_labels"
        case replyApproval = "reply_approval"
    }
}

struct MemberInput: JSONInput {
    var email: String?
    var name: String?
    var password: String?
    var role: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case email, name, password, role }
}

struct RoleInput: JSONInput {
    var role: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case role }
}

struct ChannelInput: JSONInput {
    var platform: String?
    var name: String?
    var accessToken: String?
    var instanceURL: String?
    var refreshToken: String?
    var expiresAt: String?
    var handle: String?
    var appPassword: String?
    var serviceURL: String?
    var chat: String?
    var community: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case platform, name, handle, chat, community
        case accessToken = "access_token"
        case instanceURL = "instance_url"
        case refreshToken = "refresh_token"
        case expiresAt = "expires_at"
        case appPassword = "app_password"
        case serviceURL = "service_url"
    }

    var newChannel: ChannelService.NewChannel {
        .init(platform: platform, name: name, accessToken: accessToken, instanceURL: instanceURL, refreshToken: refreshToken,
              expiresAt: expiresAt, handle: handle, appPassword: appPassword, serviceURL: serviceURL, chat: chat, community: community)
    }
}

struct ChannelChangesInput: JSONInput {
    var state: String?
    var budgetCount: Int?
    var budgetHours: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case state
        case budgetCount = "budget_count"
        case budgetHours = "budget_hours"
    }
}

struct WebhookInput: JSONInput {
    var url: String?
    var rotateSecret: Bool?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case url
        case rotateSecret = "rotate_secret"
    }
}

struct PostInput: JSONInput {
    var text: String?
    var channels: [UUID]?
    var variants: [VariantInput]?
    var ad: AdInput?
    var media: [UUID]?
    /// `false` makes an advertisement an ordinary post again.
    var isAd: Bool?
    /// Absent: unchanged; `null`: no campaign; an id: that campaign.
    var campaign: PostService.Draft.CampaignChange = .unchanged

    enum CodingKeys: String, CodingKey, CaseIterable {
        case text, channels, variants, ad, media
        case isAd = "is_ad"
        case campaignId = "campaign_id"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decodeIfPresent(String.self, forKey: .text)
        channels = try container.decodeIfPresent([UUID].self, forKey: .channels)
        variants = try container.decodeIfPresent([VariantInput].self, forKey: .variants)
        ad = try container.decodeIfPresent(AdInput.self, forKey: .ad)
        media = try container.decodeIfPresent([UUID].self, forKey: .media)
        isAd = try container.decodeIfPresent(Bool.self, forKey: .isAd)
        if container.contains(.campaignId) {
            campaign = try container.decodeNil(forKey: .campaignId) ? .clear : .set(try container.decode(UUID.self, forKey: .campaignId))
        }
    }

    struct VariantInput: Codable {
        var channelId: UUID
        var text: String?
        var firstComment: String?
        var link: String?
        var media: [UUID]?
        var options: [String: OptionValue]?
        var thread: [String]?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case channelId = "channel_id"
            case text
            case firstComment = "first_comment"
            case link
            case media
            case options
            case thread
        }
    }

    struct AdInput: Codable {
        var advertiser: String?
        var token: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case advertiser, token }
    }

    static var shape: InputShape {
        .object([
            "text": .value, "channels": .value, "is_ad": .value, "campaign_id": .value, "media": .value,
            "variants": .array(.object(Dictionary(uniqueKeysWithValues: VariantInput.CodingKeys.allCases.map { ($0.rawValue, .value) }))),
            "ad": .object(["advertiser": .value, "token": .value]),
        ])
    }

    /// What the service takes. `ad` present (even `{}`) marks the post as an advertisement.
    var draft: PostService.Draft {
        PostService.Draft(
            text: text, channels: channels,
            variants: variants?.map {
                .init(channelID: $0.channelId, text: $0.text, firstComment: $0.firstComment, link: $0.link, media: $0.media,
                      options: $0.options?.mapValues(\.text), thread: $0.thread)
            },
            ad: ad.map { .init(advertiser: $0.advertiser, token: $0.token) }, removeAd: isAd == false, campaign: campaign, media: media)
    }
}

struct TokenInput: JSONInput {
    var name: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case name }
}

struct MeInput: JSONInput {
    var name: String?
    var language: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case name, language }
}

struct PasswordInput: JSONInput {
    var currentPassword: String?
    var newPassword: String?
    /// Keep the user's API tokens (they are revoked by default).
    var keepTokens: Bool?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case currentPassword = "current_password"
        case newPassword = "new_password"
        case keepTokens = "keep_tokens"
    }
}

struct ScheduleInput: JSONInput {
    var date: String?
    var time: String?
    var timeZone: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case date, time
        case timeZone = "time_zone"
    }
}

struct SlotsInput: JSONInput {
    var slots: [String]?

    enum CodingKeys: String, CodingKey, CaseIterable { case slots }
}

/// `POST …/inbox/{item}/platform`: what to do to the item on its platform.
struct PlatformActionInput: JSONInput {
    var action: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case action }
}

struct CommentInput: JSONInput {
    var comment: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case comment }
}

struct MediaDetailsInput: JSONInput {
    var altText: String?
    var tags: String?
    var folder: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case altText = "alt_text", tags, folder
    }

    var details: MediaService.Details { .init(altText: altText, tags: tags, folder: folder) }
}

struct HashtagGroupInput: JSONInput {
    var name: String?
    var tags: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case name, tags }
}

/// A platform option's value as JSON gives it (`true`, `"unlisted"`, `3`), kept as text for
/// `PlatformOption.validate`.
struct OptionValue: Codable {
    var text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) { text = flag ? "true" : "false" }
        else if let number = try? container.decode(Double.self) { text = String(number) }
        else { text = try container.decode(String.self) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

/// What a person saw on the channel after an unknown outcome.
struct ResolveInput: JSONInput {
    var seen: String?
    var url: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case seen, url
    }
}
