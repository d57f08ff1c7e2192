import HeraldCore
import Crypto
import Foundation

/// How Herald signs webhook deliveries, and how a receiver checks them: the header
/// `Herald-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the secret>`.
/// Binding the timestamp lets receivers refuse replays older than a few minutes.
public enum WebhookSignature {
    public static let header = "Herald-Signature"

    public static func sign(body: Data, secret: String, timestamp: Int) -> String {
        "t=\(timestamp),v1=\(hex(body: body, secret: secret, timestamp: timestamp))"
    }

    /// Whether `header` is a valid signature of `body` made within `tolerance` seconds of `now`.
    public static func verify(header: String, body: Data, secret: String, now: Date = Date(), tolerance: TimeInterval = 300) -> Bool {
        var timestamp: Int?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int(pair[1]) } else if pair[0] == "v1" { signatures.append(pair[1]) }
        }
        guard let timestamp, abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance else { return false }
        let expected = Data(hex(body: body, secret: secret, timestamp: timestamp).utf8)
        // Constant-time comparison of equal-length strings.
        return signatures.contains { candidate in
            let given = Data(candidate.utf8)
            return given.count == expected.count && zip(given, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }

    private static func hex(body: Data, secret: String, timestamp: Int) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return Hex.encode(code)
    }

    /// A new secret for a workspace: 32 random bytes, hex.
    public static func newSecret() -> String {
        Hex.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }
}

extension Workspace {
    public static func webhookSecretContext(workspaceID: UUID) -> String { "webhook-secret:\(workspaceID.text)" }

    public func openWebhookSecret(with box: SecretBox) throws -> String? {
        guard let sealed = sealedWebhookSecret else { return nil }
        return String(decoding: try box.open(sealed, context: Self.webhookSecretContext(workspaceID: try requireID())), as: UTF8.self)
    }
}
