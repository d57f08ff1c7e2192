import Crypto
import HeraldCore
import HeraldStore
import Foundation

/// Random bearer secrets (session cookies, API tokens, CSRF tokens) and how they are stored:
/// only the SHA-256, so the database never holds a usable secret.
package enum SecretToken {
    /// 32 random bytes as URL-safe base64 without padding, behind an optional prefix.
    package static func generate(prefix: String = "") -> String {
        let key = SymmetricKey(size: .bits256)
        return prefix + key.withUnsafeBytes { Data($0) }.base64URLEncoded
    }

    package static func hash(_ token: String) -> String {
        TokenDigest.sha256(token)
    }

    /// Compares without leaking where the first difference is.
    package static func constantTimeEquals(_ a: String, _ b: String) -> Bool { ConstantTime.equals(a, b) }
}

extension Data {
    /// URL-safe base64 without padding, for tokens in URLs and cookies.
    package var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
