/// Checks for a campaign's fields, shared by the form and the API.
public enum CampaignFields {
    /// `#RRGGBB`, normalised to lower case.
    public static func colour(_ raw: String?, field: String = "colour") throws(ValidationError) -> String {
        let value = (raw ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard value.count == 7, value.hasPrefix("#"), value.dropFirst().allSatisfy(\.isHexDigit) else {
            throw ValidationError(code: "invalid_colour", field: field, message: .init(.errorInvalidColour, raw ?? ""))
        }
        return value
    }

    /// An optional date range `starts_on`–`ends_on` (YYYY-MM-DD); the end may not precede the start.
    public static func dates(start: String?, end: String?) throws(ValidationError) -> (String?, String?) {
        func parse(_ raw: String?, _ field: String) throws(ValidationError) -> LocalDateTime? {
            guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return try LocalDateTime.parse(date: raw, time: "00:00", dateField: field)
        }
        let from = try parse(start, "starts_on"), to = try parse(end, "ends_on")
        if let from, let to, to < from {
            throw ValidationError(code: "ends_before_start", field: "ends_on", message: .init(.errorEndsBeforeStart))
        }
        return (from?.dateString, to?.dateString)
    }
}
