import FluentKit
import Foundation

/// One sign-in try, kept for throttling. In the database (not in memory) so that several
/// Herald processes behind one load balancer share the count.
public final class LoginAttempt: Model, @unchecked Sendable {
    public static let schema = "login_attempts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "email") public var email: String
    @Field(key: "ip") public var ip: String
    @Field(key: "succeeded") public var succeeded: Bool
    @Field(key: "attempted_at") public var attemptedAt: Date

    public init() {}

    public init(email: String, ip: String, succeeded: Bool, at date: Date) {
        self.email = email
        self.ip = ip
        self.succeeded = succeeded
        self.attemptedAt = date
    }
}
