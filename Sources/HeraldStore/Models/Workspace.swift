import FluentKit
import Foundation
import HeraldCore

/// One client or brand: its own channels, voice, team and approvers. Every row of content
/// belongs to exactly one workspace (see `WorkspaceScoped`).
public final class Workspace: Model, @unchecked Sendable {
    public static let schema = "workspaces"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "organization_id") public var organization: Organization
    @Field(key: "name") public var name: String
    @Field(key: "time_zone") public var timeZone: String
    @Field(key: "language") public var language: String
    /// JSON of `BrandVoice`; nil: no rules.
    @OptionalField(key: "brand_voice") public var brandVoiceJSON: String?
    @OptionalField(key: "ad_label_template") public var adLabelTemplate: String?
    /// Where published/failed events are POSTed, signed with `webhook_secret` (sealed).
    @OptionalField(key: "webhook_url") public var webhookURL: String?
    @OptionalField(key: "webhook_secret") public var sealedWebhookSecret: Data?
    @OptionalField(key: "approval_required") public var approvalRequiredFlag: Bool?
    @OptionalField(key: "russian_ad_labels") public var russianAdLabelsFlag: Bool?
    @OptionalField(key: "reply_approval") public var replyApprovalFlag: Bool?
    @OptionalField(key: "business_hours") public var businessHoursJSON: String?
    @OptionalField(key: "service_targets") public var serviceTargetsJSON: String?
    /// Herald's address the workspace's links are shortened on; nil: links go out as written.
    @OptionalField(key: "short_link_base") public var shortLinkBase: String?
    /// The link-in-bio page's address (`/b/{slug}`), made with its first entry.
    @OptionalField(key: "bio_slug") public var bioSlug: String?
    /// A report for clients is made for every month that ends.
    @OptionalField(key: "monthly_reports") public var monthlyReportsFlag: Bool?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(id: UUID? = nil, organizationID: UUID, name: String, timeZone: TimeZoneName, language: Language) {
        self.id = id
        self.$organization.id = organizationID
        self.name = name
        self.timeZone = timeZone.identifier
        self.language = language.rawValue
    }

    public var zone: TimeZoneName { TimeZoneName(timeZone) ?? .utc }
    public var uiLanguage: Language { Language(rawValue: language) ?? .fallback }
    public var approvalRequired: Bool { approvalRequiredFlag ?? false }
    /// Editors' answers from the inbox wait for an approver before they are sent.
    public var replyApproval: Bool { replyApprovalFlag ?? false }

    /// When the workspace answers (Monday to Friday, 09:00–18:00 until set).
    public var businessHours: BusinessHours {
        get { businessHoursJSON.flatMap { try? JSONDecoder().decode(BusinessHours.self, from: Data($0.utf8)) } ?? .standard }
        set { businessHoursJSON = (try? JSONEncoder().encode(newValue)).map { String(decoding: $0, as: UTF8.self) } }
    }

    /// How soon each priority is answered and settled (`ServiceTargets.standard` until set).
    public var serviceTargets: ServiceTargets {
        get { serviceTargetsJSON.flatMap { try? JSONDecoder().decode(ServiceTargets.self, from: Data($0.utf8)) } ?? .standard }
        set { serviceTargetsJSON = (try? JSONEncoder().encode(newValue)).map { String(decoding: $0, as: UTF8.self) } }
    }
    /// Ads are labelled under Russian law here (the composer shows advertiser and erid); by default
    /// in Russian workspaces.
    public var russianAdLabels: Bool { russianAdLabelsFlag ?? (language == Language.ru.rawValue) }

    public var brandVoice: BrandVoice {
        get {
            guard let json = brandVoiceJSON, let data = json.data(using: .utf8),
                  let voice = try? JSONDecoder().decode(BrandVoice.self, from: data) else { return .none }
            return voice
        }
        set {
            brandVoiceJSON = (try? JSONEncoder().encode(newValue)).map { String(decoding: $0, as: UTF8.self) }
        }
    }
}
