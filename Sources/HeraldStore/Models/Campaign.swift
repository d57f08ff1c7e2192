import FluentKit
import Foundation
import HeraldCore

/// A theme that posts are planned around: dates, colour on the calendar, goal, default
/// hashtags and UTM parameters for its links.
public final class Campaign: Model, WorkspaceScoped, @unchecked Sendable {
    public static let schema = "campaigns"
    public static var workspaceIDKey: KeyPath<Campaign, FieldProperty<Campaign, UUID>> { \.$workspace.$id }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "workspace_id") public var workspace: Workspace
    @Field(key: "name") public var name: String
    @Field(key: "theme") public var theme: String
    @Field(key: "colour") public var colour: String
    @OptionalField(key: "starts_on") public var startsOn: String?
    @OptionalField(key: "ends_on") public var endsOn: String?
    @Field(key: "goal") public var goal: String
    @Field(key: "default_hashtags") public var defaultHashtags: String
    @OptionalField(key: "utm_source") public var utmSource: String?
    @OptionalField(key: "utm_medium") public var utmMedium: String?
    @OptionalField(key: "utm_campaign") public var utmCampaign: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(workspaceID: UUID) {
        self.$workspace.id = workspaceID
        self.name = ""
        self.theme = ""
        self.colour = "#2f5bea"
        self.goal = ""
        self.defaultHashtags = ""
    }

    public var utm: UTMParameters { .init(source: utmSource, medium: utmMedium, campaign: utmCampaign) }
}
