import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// Personal API tokens: `hld_` + 43 random characters, shown once, stored as SHA-256.
package enum TokenService {
    package static let prefix = "hld_"

    package static func list(user: User, on database: any Database) async throws -> [APIToken] {
        try await APIToken.query(on: database)
            .filter(\.$user.$id == user.requireID())
            .filter(\.$revokedAt == nil)
            .sort(\.$createdAt, .descending).all()
    }

    /// Returns the stored token and the secret, which is never available again.
    package static func create(user: User, name: String?, on database: any Database) async throws -> (APIToken, String) {
        let name = try Fields.name(name, field: "name", maxLength: 80)
        let secret = SecretToken.generate(prefix: prefix)
        let token = APIToken(userID: try user.requireID(), name: name, tokenHash: SecretToken.hash(secret),
                             prefix: String(secret.prefix(prefix.count + 6)))
        try await token.save(on: database)
        return (token, secret)
    }

    /// Only the token's owner can revoke it; anyone else's id is a 404.
    package static func revoke(user: User, id: UUID, on database: any Database) async throws {
        guard let token = try await APIToken.query(on: database)
            .filter(\.$id == id).filter(\.$user.$id == user.requireID()).filter(\.$revokedAt == nil).first()
        else { throw AppError.notFound }
        token.revokedAt = Date()
        try await token.save(on: database)
    }
}
