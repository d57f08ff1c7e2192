/// A workspace's voice: what its posts must and must not say. Every rule is either a warning
/// (shown, publishing goes on) or a block (publishing refuses until fixed).
public struct BrandVoice: Codable, Sendable, Equatable {
    public enum Severity: String, Codable, Sendable, CaseIterable {
        case warning
        case block
    }

    /// A word or phrase not to use. Matched case-insensitively as whole words; a trailing `*`
    /// matches any ending (`скидк*` finds скидка, скидки, скидкой), which inflected languages need.
    public struct BannedTerm: Codable, Sendable, Equatable {
        public var term: String
        public var replacement: String?
        public var severity: Severity

        public init(_ term: String, replacement: String? = nil, severity: Severity = .warning) {
            self.term = term
            self.replacement = replacement
            self.severity = severity
        }
    }

    /// A limit with the severity of breaking it.
    public struct Limit: Codable, Sendable, Equatable {
        public var maximum: Int
        public var severity: Severity

        public init(_ maximum: Int, _ severity: Severity = .warning) {
            self.maximum = maximum
            self.severity = severity
        }
    }

    public var toneNotes: String
    public var bannedTerms: [BannedTerm]
    public var requiredHashtags: [String]
    public var requiredHashtagsSeverity: Severity
    public var signature: String?
    public var signatureSeverity: Severity
    public var maxHashtags: Limit?
    public var maxEmoji: Limit?
    /// Words of four or more letters in capitals ("SALE"): shouting.
    public var allCaps: Severity?
    /// "!!", "??", "?!?": one is enough.
    public var repeatedPunctuation: Severity?
    /// The language posts should be in, checked by script (Cyrillic or Latin) on longer texts.
    public var language: Language?
    public var languageSeverity: Severity

    public init(toneNotes: String = "", bannedTerms: [BannedTerm] = [], requiredHashtags: [String] = [],
                requiredHashtagsSeverity: Severity = .warning, signature: String? = nil,
                signatureSeverity: Severity = .warning, maxHashtags: Limit? = nil, maxEmoji: Limit? = nil,
                allCaps: Severity? = nil, repeatedPunctuation: Severity? = nil, language: Language? = nil,
                languageSeverity: Severity = .warning) {
        self.toneNotes = toneNotes
        self.bannedTerms = bannedTerms
        self.requiredHashtags = requiredHashtags
        self.requiredHashtagsSeverity = requiredHashtagsSeverity
        self.signature = signature
        self.signatureSeverity = signatureSeverity
        self.maxHashtags = maxHashtags
        self.maxEmoji = maxEmoji
        self.allCaps = allCaps
        self.repeatedPunctuation = repeatedPunctuation
        self.language = language
        self.languageSeverity = languageSeverity
    }

    public static let none = BrandVoice()
}
