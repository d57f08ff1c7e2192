import Foundation

/// One thing a text does against the brand voice.
public struct VoiceFinding: Sendable, Equatable {
    public var rule: String
    public var severity: BrandVoice.Severity
    public var message: LocalizedText
    /// What to write instead, when the rule knows (a banned term's replacement, a missing tag).
    public var suggestion: String?
}

extension BrandVoice {
    /// Every finding for `text`, blocks first.
    public func lint(_ text: String) -> [VoiceFinding] {
        var findings: [VoiceFinding] = []
        func add(_ rule: String, _ severity: Severity, _ message: LocalizedText, suggestion: String? = nil) {
            findings.append(.init(rule: rule, severity: severity, message: message, suggestion: suggestion))
        }

        for banned in bannedTerms where !banned.term.trimmingCharacters(in: .whitespaces).isEmpty {
            for found in Self.occurrences(of: banned.term, in: text) {
                if let replacement = banned.replacement, !replacement.isEmpty {
                    add("banned_term", banned.severity, .init(.voiceBannedWithReplacement, found, replacement),
                        suggestion: replacement)
                } else {
                    add("banned_term", banned.severity, .init(.voiceBanned, found))
                }
            }
        }
        let tags = Set(Hashtags.extract(text).map { $0.lowercased() })
        let missing = requiredHashtags.map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }
            .filter { !$0.isEmpty && !tags.contains($0.lowercased()) }
        if !missing.isEmpty {
            let list = missing.map { "#" + $0 }.joined(separator: " ")
            add("required_hashtags", requiredHashtagsSeverity, .init(.voiceMissingHashtags, list), suggestion: list)
        }
        if let signature = signature?.trimmingCharacters(in: .whitespacesAndNewlines), !signature.isEmpty,
           !text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix(signature) {
            add("signature", signatureSeverity, .init(.voiceMissingSignature, signature), suggestion: signature)
        }
        if let limit = maxHashtags {
            let count = Hashtags.extract(text).count
            if count > limit.maximum {
                add("max_hashtags", limit.severity, .init(.voiceTooManyHashtags, String(limit.maximum), String(count)))
            }
        }
        if let limit = maxEmoji {
            let count = text.filter(\.isEmojiGlyph).count
            if count > limit.maximum {
                add("max_emoji", limit.severity, .init(.voiceTooManyEmoji, String(limit.maximum), String(count)))
            }
        }
        if let severity = allCaps {
            let shouted = Self.words(in: Self.withoutLinksAndTags(text)).filter { word in
                word.count >= 4 && word.allSatisfy { $0.isLetter } && word == word.uppercased() && word != word.lowercased()
            }
            if let first = shouted.first { add("all_caps", severity, .init(.voiceAllCaps, first)) }
        }
        if let severity = repeatedPunctuation, let range = text.range(of: #"[!?]{2,}"#, options: .regularExpression) {
            add("repeated_punctuation", severity, .init(.voiceRepeatedPunctuation, String(text[range])))
        }
        if let language, let detected = Self.dominantScript(Self.withoutLinksAndTags(text)), detected != language {
            add("language", languageSeverity, .init(.voiceLanguage, language.nativeName))
        }
        return findings.sorted { $0.severity == .block && $1.severity != .block }
    }

    /// The matches of `term` in `text` as written there; whole words, case-insensitive.
    static func occurrences(of term: String, in text: String) -> [String] {
        let trimmed = term.trimmingCharacters(in: .whitespaces)
        let wildcard = trimmed.hasSuffix("*")
        let core = NSRegularExpression.escapedPattern(for: wildcard ? String(trimmed.dropLast()) : trimmed)
            .replacingOccurrences(of: "\\ ", with: "\\s+").replacingOccurrences(of: " ", with: "\\s+")
        let pattern = "(?<![\\p{L}\\p{N}_])" + core + (wildcard ? "[\\p{L}\\p{N}]*" : "") + "(?![\\p{L}\\p{N}_])"
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range, in: text).map { String(text[$0]) }
        }
    }

    static func withoutLinksAndTags(_ text: String) -> String {
        var result = text
        for range in URLDetector.urls(in: text, allowBareDomains: false).reversed() { result.removeSubrange(range) }
        return result.replacingOccurrences(of: #"[#@][\p{L}\p{N}_.]+"#, with: " ", options: .regularExpression)
    }

    static func words(in text: String) -> [String] {
        text.split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// Russian if most letters are Cyrillic, English if most are Latin; nil for short texts
    /// (under 20 letters) where a brand name or two would decide wrongly.
    static func dominantScript(_ text: String) -> Language? {
        var cyrillic = 0, latin = 0
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            switch scalar.value {
            case 0x0400...0x04FF: cyrillic += 1
            case 0x0041...0x005A, 0x0061...0x007A, 0x00C0...0x024F: latin += 1
            default: break
            }
        }
        guard cyrillic + latin >= 20 else { return nil }
        return cyrillic >= latin ? .ru : .en
    }
}
