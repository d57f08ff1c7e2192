import Foundation
import HeraldCore

/// The CSRF token as pages carry it: masked afresh for every page (a random pad, and the token
/// XOR the pad), so no two responses hold the same bytes for it.
///
/// Pages are sent compressed, and a compressed page that holds a secret beside text an attacker
/// chooses (a search box filled from the address) leaks the secret through its size, a byte at a
/// time, to someone who can make the browser load many such pages and watch their lengths (BREACH).
/// With a new pad per page there is nothing constant to guess. The cookie keeps the token itself;
/// the check unmasks what a form or a script sends (`X-CSRF-Token` is read from a page's field too).
enum CSRFMask {
    private static let prefix = "m."

    /// `token` under a fresh random pad: `m.` and URL-safe base64 of pad and masked bytes.
    static func masked(_ token: String) -> String {
        let bytes = Array(token.utf8)
        let pad = RandomToken.bytes(bytes.count)
        return prefix + Data(pad + zip(bytes, pad).map { $0 ^ $1 }).base64URLEncoded
    }

    /// The token a masked value stands for; a value without the mask's prefix is taken as sent
    /// (the token itself); nil for a malformed masked value.
    static func unmasked(_ sent: String) -> String? {
        guard sent.hasPrefix(prefix) else { return sent }
        let text = String(sent.dropFirst(prefix.count))
        guard text.count <= 512, let data = Data(base64URLEncoded: text), !data.isEmpty, data.count % 2 == 0 else { return nil }
        let half = data.count / 2
        let pad = data.prefix(half), masked = data.suffix(half)
        return String(bytes: zip(pad, masked).map { $0 ^ $1 }, encoding: .utf8)
    }
}
