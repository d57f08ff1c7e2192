import Foundation
import HeraldApp
import HeraldStore
import Vapor

/// A browser a user has signed in from before: a signed cookie naming the user (no secret in
/// it, nothing stored). Sign-in throttling by e-mail does not apply to it, so a stranger's
/// failed guesses cannot lock the owner out of their own account (docs/decisions.md).
enum KnownDevice {
    static let cookie = "herald_device"
    static let lifetime = 365 * 86_400

    static func value(for userID: UUID, box: SecretBox) -> String {
        userID.text + "." + signature(userID, box: box)
    }

    static func userID(from value: String?, box: SecretBox) -> UUID? {
        guard let value, let dot = value.firstIndex(of: "."), let id = UUID(text: String(value[..<dot])),
              SecretToken.constantTimeEquals(String(value[value.index(after: dot)...]), signature(id, box: box)) else { return nil }
        return id
    }

    private static func signature(_ userID: UUID, box: SecretBox) -> String {
        box.authenticationCode(for: "known-device:" + userID.text).base64URLEncoded
    }
}
