import Foundation

/// A validated IANA time zone name such as `Europe/Berlin`. Times are stored in UTC; this is
/// the zone they are planned and shown in.
public struct TimeZoneName: Hashable, Codable, Sendable, CustomStringConvertible {
    public let identifier: String

    public init?(_ identifier: String) {
        let trimmed = identifier.trimmingCharacters(in: .whitespaces)
        // Foundation accepts abbreviations such as "EST" and offsets like "GMT+3"; a planner
        // needs a named zone whose daylight-saving rules are known, so only Area/Location or UTC.
        guard trimmed == "UTC" || (trimmed.contains("/") && Self.known.contains(trimmed)) else { return nil }
        self.identifier = trimmed
    }

    /// Foundation's named zones, listed once: a workspace's zone is checked on every page (each
    /// time from its stored name), and Foundation builds its list of ~600 as a new array per call.
    private static let known = Set(TimeZone.knownTimeZoneIdentifiers)

    public static let utc = TimeZoneName("UTC")!

    public var timeZone: TimeZone { TimeZone(identifier: identifier)! }
    public var description: String { identifier }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        // The person's sentence, with the field's path (an API body's `time_zone`), not the decoder's words.
        let field = FieldPath.text(decoder.codingPath)
        self = try Self.parse(raw, field: field.isEmpty ? "time_zone" : field)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(identifier)
    }

    /// Validates a form or API value, with the error the user sees.
    public static func parse(_ raw: String, field: String) throws(ValidationError) -> TimeZoneName {
        guard let zone = TimeZoneName(raw) else {
            throw ValidationError(code: "invalid_time_zone", field: field,
                                  message: .init(.errorInvalidTimeZone, raw))
        }
        return zone
    }
}
