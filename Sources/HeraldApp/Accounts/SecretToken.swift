import Crypto
import HeraldCore
import HeraldStore
import Foundation

/// Random bearer secrets (session cookies, API tokens, CSRF tokens) and how they are stored:
/// only the SHA-256, so the database never holds a usable secret.
package enum SecretToken {
    /// 32 random bytes as URL-safe base64 without padding (`RandomToken`), behind an optional prefix.
    package static func generate(prefix: String = "") -> String {
        prefix + RandomToken.make()
    }

    package static func hash(_ token: String) -> String {
        TokenDigest.sha256(token)
    }

    /// Compares without leaking where the first difference is.
    package static func constantTimeEquals(_ a: String, _ b: String) -> Bool { ConstantTime.equals(a, b) }
}

