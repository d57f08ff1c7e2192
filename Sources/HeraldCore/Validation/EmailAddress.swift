import Foundation

/// An e-mail address, trimmed and lower-cased so that `Anna@Example.com` and `anna@example.com`
/// are one account. The check is deliberately modest: one `@`, a dot in the domain, no spaces.
public struct EmailAddress: Hashable, Codable, Sendable, CustomStringConvertible {
    public let value: String

    public init?(_ raw: String) {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard value.count <= 254, parts.count == 2,
              !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !value.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
        else { return nil }
        self.value = value
    }

    public var description: String { value }

    public static func parse(_ raw: String, field: String) throws(ValidationError) -> EmailAddress {
        guard let email = EmailAddress(raw) else {
            throw ValidationError(code: "invalid_email", field: field, message: .init(.errorInvalidEmail, raw))
        }
        return email
    }
}
