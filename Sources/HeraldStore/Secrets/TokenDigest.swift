import Crypto
import Foundation
import HeraldCore

/// How a secret token is kept: only its SHA-256, in hex (sessions, API tokens, password links,
/// Telegram linking codes). One function, so every lookup hashes the same way.
public enum TokenDigest {
    public static func sha256(_ token: String) -> String { Hex.encode(SHA256.hash(data: Data(token.utf8))) }
}
