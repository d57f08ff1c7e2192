import Foundation

/// A plain-text e-mail as Herald sends it (RFC 5322 with MIME): UTF-8 text in base64, so Russian
/// text and long lines travel unchanged; a subject with other than ASCII as an encoded word
/// (RFC 2047). Addresses are checked before anything is queued.
public struct MailMessage: Codable, Sendable, Equatable {
    public var from: String
    public var to: String
    public var subject: String
    public var text: String

    public init(from: String, to: String, subject: String, text: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
    }

    /// A bare address that SMTP's envelope and the headers can carry: one `@`, no spaces, angle
    /// brackets, quotes or line breaks, at most 254 characters.
    public static func isAddress(_ text: String) -> Bool {
        guard text.count <= 254, let at = text.firstIndex(of: "@"), at != text.startIndex, text.index(after: at) != text.endIndex,
              text.filter({ $0 == "@" }).count == 1 else { return false }
        return !text.unicodeScalars.contains { $0.value <= 32 || $0.value == 127 || "<>()[],;:\\\"".unicodeScalars.contains($0) }
    }

    /// The message as SMTP's DATA carries it: CRLF line ends, lines of 76 characters at most,
    /// no line that starts with a dot (dot-stuffing is the sender's job: `SMTPClient`).
    public func rendered(date: Date = Date(), messageID: String) -> String {
        let headers = [
            "From: \(from)",
            "To: \(to)",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated",
        ]
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        let body = Data(normalized.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n"
    }

    /// ASCII text as it is (line breaks removed); anything else as `=?utf-8?B?…?=` words of at most
    /// 45 bytes each, never splitting a character.
    public static func encodedWord(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if flat.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value < 127 }) { return flat }
        var words: [String] = [], chunk = Data()
        for character in flat {
            let bytes = Data(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?utf-8?B?\(chunk.base64EncodedString())?=")
                chunk = Data()
            }
            chunk.append(bytes)
        }
        if !chunk.isEmpty { words.append("=?utf-8?B?\(chunk.base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
