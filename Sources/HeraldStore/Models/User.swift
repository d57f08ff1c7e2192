import FluentKit
import Foundation
import HeraldCore

/// A person who signs in. Passwords are stored only as bcrypt hashes.
public final class User: Model, @unchecked Sendable {
    public static let schema = "users"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "organization_id") public var organization: Organization
    @Field(key: "email") public var email: String
    @Field(key: "name") public var name: String
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "organization_role") public var organizationRole: String
    /// nil: follow the browser's Accept-Language.
    @OptionalField(key: "language") public var language: String?
    /// Bumped to invalidate the secret calendar feed URL.
    @OptionalField(key: "calendar_feed_version") public var calendarFeedVersion: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(id: UUID? = nil, organizationID: UUID, email: EmailAddress, name: String,
                passwordHash: String, organizationRole: OrganizationRole, language: Language? = nil) {
        self.id = id
        self.$organization.id = organizationID
        self.email = email.value
        self.name = name
        self.passwordHash = passwordHash
        self.organizationRole = organizationRole.rawValue
        self.language = language?.rawValue
    }

    public var orgRole: OrganizationRole { OrganizationRole(rawValue: organizationRole) ?? .member }
    public var preferredLanguage: Language? { language.flatMap(Language.init(rawValue:)) }
}
