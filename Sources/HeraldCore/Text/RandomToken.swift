import Foundation

/// Unguessable tokens — session cookies, API tokens, CSRF tokens, OAuth `state` and PKCE
/// verifiers — from the system's cryptographic random source (`SystemRandomNumberGenerator`:
/// getrandom on Linux, arc4random on Apple platforms), one way everywhere.
public enum RandomToken {
    /// `count` random bytes as URL-safe base64 without padding (43 characters for 32 bytes:
    /// letters, digits, `-` and `_`).
    public static func make(bytes count: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<max(1, count)).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64URLEncoded
    }

    /// `length` characters drawn evenly from `alphabet` (short link slugs, codes a person types).
    public static func make(length: Int, from alphabet: String) -> String {
        let letters = Array(alphabet)
        guard !letters.isEmpty else { return "" }
        var generator = SystemRandomNumberGenerator()
        return String((0..<max(0, length)).map { _ in letters[Int.random(in: 0..<letters.count, using: &generator)] })
    }
}

extension Data {
    /// URL-safe base64 without padding, for tokens in URLs and cookies.
    public var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
