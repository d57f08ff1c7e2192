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
}
