/// Bad input, said precisely: which field, why, in words a person can act on. Every layer that
/// rejects input throws this so the web and the API can render it the same way.
public struct ValidationError: Error, Equatable, Sendable {
    /// Stable machine-readable reason, e.g. `invalid_time_zone`.
    public var code: String
    /// The field at fault, as the client named it (`time_zone`, `members[2].email`).
    public var field: String?
    /// What to show, already in the reader's language when built through `localized`.
    public var message: LocalizedText

    public init(code: String, field: String?, message: LocalizedText) {
        self.code = code
        self.field = field
        self.message = message
    }
}
