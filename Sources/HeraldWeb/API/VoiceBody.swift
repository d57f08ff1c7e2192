import HeraldApp
import HeraldCore
import Vapor

/// The brand voice in the API (`GET`/`PUT /workspaces/{id}/voice`): the same document both ways.
struct VoiceBody: Content, JSONInput {
    struct Term: Codable {
        var term: String
        var replacement: String?
        var severity: BrandVoice.Severity?
    }

    struct Limit: Codable {
        var maximum: Int
        var severity: BrandVoice.Severity?
    }

    var toneNotes: String?
    var bannedTerms: [Term]?
    var requiredHashtags: [String]?
    var requiredHashtagsSeverity: BrandVoice.Severity?
    var signature: String?
    var signatureSeverity: BrandVoice.Severity?
    var maxHashtags: Limit?
    var maxEmoji: Limit?
    var allCaps: BrandVoice.Severity?
    var repeatedPunctuation: BrandVoice.Severity?
    var language: Language?
    var languageSeverity: BrandVoice.Severity?
    var adLabelTemplate: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case toneNotes = "tone_notes", bannedTerms = "banned_terms", requiredHashtags = "required_hashtags"
        case requiredHashtagsSeverity = "required_hashtags_severity", signature
        case signatureSeverity = "signature_severity", maxHashtags = "max_hashtags", maxEmoji = "max_emoji"
        case allCaps = "all_caps", repeatedPunctuation = "repeated_punctuation", language
        case languageSeverity = "language_severity", adLabelTemplate = "ad_label_template"
    }

    static var shape: InputShape {
        var fields = Dictionary(uniqueKeysWithValues: CodingKeys.allCases.map { ($0.rawValue, InputShape.value) })
        fields["banned_terms"] = .array(.object(["term": .value, "replacement": .value, "severity": .value]))
        fields["max_hashtags"] = .object(["maximum": .value, "severity": .value])
        fields["max_emoji"] = .object(["maximum": .value, "severity": .value])
        return .object(fields)
    }

    init(_ voice: BrandVoice, adLabelTemplate: String?) {
        toneNotes = voice.toneNotes
        bannedTerms = voice.bannedTerms.map { Term(term: $0.term, replacement: $0.replacement, severity: $0.severity) }
        requiredHashtags = voice.requiredHashtags
        requiredHashtagsSeverity = voice.requiredHashtagsSeverity
        signature = voice.signature
        signatureSeverity = voice.signatureSeverity
        maxHashtags = voice.maxHashtags.map { Limit(maximum: $0.maximum, severity: $0.severity) }
        maxEmoji = voice.maxEmoji.map { Limit(maximum: $0.maximum, severity: $0.severity) }
        allCaps = voice.allCaps
        repeatedPunctuation = voice.repeatedPunctuation
        language = voice.language
        languageSeverity = voice.languageSeverity
        self.adLabelTemplate = adLabelTemplate
    }

    /// Validated; every field checked before anything is saved.
    func voice() throws -> BrandVoice {
        let terms = try BrandVoice.parseBannedTerms(
            BrandVoice.formatBannedTerms((bannedTerms ?? []).map {
                .init($0.term.replacingOccurrences(of: "\n", with: " "), replacement: $0.replacement,
                      severity: $0.severity ?? .warning)
            }))
        for (name, limit) in [("max_hashtags", maxHashtags), ("max_emoji", maxEmoji)] {
            if let limit, !(0...1000).contains(limit.maximum) {
                throw ValidationError(code: "out_of_range", field: "\(name).maximum",
                                      message: .init(.errorOutOfRange, "0", "1000"))
            }
        }
        let tone = toneNotes ?? ""
        guard tone.count <= 5000 else {
            throw ValidationError(code: "too_long", field: "tone_notes", message: .init(.errorTooLong, "5000", String(tone.count - 5000)))
        }
        return BrandVoice(
            toneNotes: tone, bannedTerms: terms,
            requiredHashtags: (requiredHashtags ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            requiredHashtagsSeverity: requiredHashtagsSeverity ?? .warning,
            signature: signature?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == false ? signature : nil,
            signatureSeverity: signatureSeverity ?? .warning,
            maxHashtags: maxHashtags.map { .init($0.maximum, $0.severity ?? .warning) },
            maxEmoji: maxEmoji.map { .init($0.maximum, $0.severity ?? .warning) },
            allCaps: allCaps, repeatedPunctuation: repeatedPunctuation, language: language,
            languageSeverity: languageSeverity ?? .warning)
    }
}
