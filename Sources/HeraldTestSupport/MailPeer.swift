import Foundation
import HeraldConnectors

/// The SMTP server `scripts/test` starts (aiosmtpd: STARTTLS required, AUTH PLAIN/LOGIN), and the
/// messages it received, read from the directory it writes them to.
public enum MailPeer {
    static let environment = ProcessInfo.processInfo.environment

    /// Settings that reach the peer as an installation would (`HERALD_TEST_SMTP` = host:port).
    public static func settings(from: String = "herald@agency.test") throws -> SMTPSettings {
        guard let address = environment["HERALD_TEST_SMTP"], let colon = address.lastIndex(of: ":"),
              let port = Int(address[address.index(after: colon)...]) else {
            throw PeerFailure("HERALD_TEST_SMTP is not set: scripts/test starts the SMTP peer (scripts/smtp-peer.py)")
        }
        return SMTPSettings(host: String(address[..<colon]), port: port, security: .starttls,
                            username: environment["HERALD_TEST_SMTP_USER"] ?? "herald", password: environment["HERALD_TEST_SMTP_PASSWORD"] ?? "mail-pass",
                            from: from, caFile: environment["HERALD_TEST_SMTP_CA"])
    }

    public struct Received: Sendable {
        public var from: String
        public var to: [String]
        /// Headers as sent, unfolded.
        public var headers: [String: String]
        /// The text, base64 decoded.
        public var text: String

        /// The subject with its encoded words decoded.
        public var subject: String {
            let raw = headers["subject"] ?? ""
            return raw.split(separator: " ").map { word -> String in
                guard word.hasPrefix("=?utf-8?B?"), word.hasSuffix("?="),
                      let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) else { return String(word) + " " }
                return String(decoding: data, as: UTF8.self)
            }.joined().trimmingCharacters(in: .whitespaces)
        }
    }

    /// Every message received for `recipient` so far, oldest first.
    public static func received(for recipient: String) throws -> [Received] {
        guard let directory = environment["HERALD_TEST_SMTP_DIR"] else { throw PeerFailure("HERALD_TEST_SMTP_DIR is not set") }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        return try names.compactMap { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let to = object["to"] as? [String], to.contains(recipient), let raw = object["data"] as? String else { return nil }
            let parts = raw.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            var headers: [String: String] = [:], last = ""
            for line in parts[0].split(separator: "\n") {
                if line.first == " " || line.first == "\t" { headers[last, default: ""] += " " + line.trimmingCharacters(in: .whitespaces); continue }
                guard let colon = line.firstIndex(of: ":") else { continue }
                last = line[..<colon].lowercased()
                headers[last] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let body = parts.dropFirst().joined(separator: "\n\n").replacingOccurrences(of: "\n", with: "")
            let text = Data(base64Encoded: body).map { String(decoding: $0, as: UTF8.self) } ?? body
            return Received(from: object["from"] as? String ?? "", to: to, headers: headers, text: text)
        }
    }

    /// Waits (up to 10 s) until `recipient` has at least `count` messages.
    public static func wait(for recipient: String, count: Int) async throws -> [Received] {
        for _ in 0..<100 {
            let messages = try received(for: recipient)
            if messages.count >= count { return messages }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try received(for: recipient)
    }
}
