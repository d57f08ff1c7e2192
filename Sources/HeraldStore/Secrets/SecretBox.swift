import Crypto
import Foundation

/// Seals platform credentials with AES-256-GCM before they reach the database. The layout is
/// `version(1) ‖ nonce(12) ‖ ciphertext ‖ tag(16)`; the version byte lets a later key rotation
/// tell old from new. The workspace and channel id are bound in as associated data, so a
/// ciphertext copied onto another row does not open.
public struct SecretBox: Sendable {
    static let version: UInt8 = 1
    private let key: SymmetricKey

    public init(key: SymmetricKey) {
        precondition(key.bitCount == 256, "SecretBox needs a 256-bit key")
        self.key = key
    }

    public func seal(_ plaintext: Data, context: String) throws -> Data {
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw SecretBoxError.sealFailed }
        return Data([Self.version]) + combined
    }

    /// An HMAC-SHA256 of `message` under a key derived from the master key (never the
    /// encryption key itself), for secret URLs that need no stored token (calendar feeds).
    public func authenticationCode(for message: String) -> Data {
        let macKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data("herald hmac v1".utf8), outputByteCount: 32)
        return Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: macKey))
    }

    public func open(_ sealed: Data, context: String) throws -> Data {
        guard sealed.count > 1 + 12 + 16, sealed.first == Self.version else { throw SecretBoxError.malformed }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed.dropFirst())
            return try AES.GCM.open(box, using: key, authenticating: Data(context.utf8))
        } catch {
            throw SecretBoxError.cannotOpen
        }
    }
}

public enum SecretBoxError: Error, CustomStringConvertible {
    case sealFailed
    case malformed
    case cannotOpen

    public var description: String {
        switch self {
        case .sealFailed: "could not encrypt the credential"
        case .malformed: "the stored credential is not in Herald's sealed format"
        case .cannotOpen: "the stored credential cannot be decrypted: HERALD_SECRET_KEY differs from the key it was sealed with"
        }
    }
}
