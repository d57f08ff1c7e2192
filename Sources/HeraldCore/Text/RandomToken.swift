import Foundation

/// Unguessable tokens — session cookies, API tokens, CSRF tokens, OAuth `state` and PKCE
/// verifiers — from the system's cryptographic random source (`SystemRandomNumberGenerator`:
/// getrandom on Linux, arc4random on Apple platforms), one way everywhere.
public enum RandomToken {
    /// `count` random bytes as URL-safe base64 without padding (43 characters for 32 bytes:
    /// letters, digits, `-` and `_`).
    public static func make(bytes count: Int = 32) -> String {
        Data(bytes(max(1, count))).base64URLEncoded
    }

    /// `count` random bytes, eight from each draw of the system's generator: every draw is a
    /// system call on Linux, and a byte at a time made masking the CSRF token of every page 43
    /// calls (2 % of a page's CPU under load, `perf`).
    public static func bytes(_ count: Int) -> [UInt8] {
        let count = max(0, count)
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 7)
        while bytes.count < count {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        return Array(bytes.prefix(count))
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

    /// The bytes `base64URLEncoded` wrote (padding optional); nil for text that is not URL-safe base64.
    public init?(base64URLEncoded text: String) {
        let body = text.hasSuffix("==") ? text.dropLast(2) : text.hasSuffix("=") ? text.dropLast() : Substring(text)
        guard !body.contains("="), !body.contains("+"), !body.contains("/") else { return nil }
        let standard = body.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        self.init(base64Encoded: standard + String(repeating: "=", count: (4 - standard.count % 4) % 4))
    }
}
