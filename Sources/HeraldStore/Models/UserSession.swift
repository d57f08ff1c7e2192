import FluentKit
import Foundation

/// A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a copy
/// of the database does not let anyone sign in.
public final class UserSession: Model, @unchecked Sendable {
    public static let schema = "user_sessions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "token_hash") public var tokenHash: String
    @Parent(key: "user_id") public var user: User
    @Field(key: "expires_at") public var expiresAt: Date
    @Field(key: "last_seen_at") public var lastSeenAt: Date
    @OptionalField(key: "user_agent") public var userAgent: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(tokenHash: String, userID: UUID, expiresAt: Date, now: Date, userAgent: String?) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.expiresAt = expiresAt
        self.lastSeenAt = now
        self.userAgent = userAgent.map { String($0.prefix(300)) }
    }
}
