import Foundation

/// How each platform counts the length of a post. Platforms disagree: Mastodon and Bluesky
/// count user-perceived characters (grapheme clusters), Telegram counts UTF-16 code units, X
/// weighs characters (twitter-text v3: Latin and Cyrillic 1, CJK and emoji 2, every URL 23),
/// Threads counts an emoji as its UTF-8 length. Measuring the way the platform does is what
/// makes "fits" in the composer mean "accepted" at publish time.
public enum TextMeasure {
    public static func graphemes(_ text: String) -> Int { text.count }
    public static func utf8Bytes(_ text: String) -> Int { text.utf8.count }
    public static func utf16Units(_ text: String) -> Int { text.utf16.count }

    /// Mastodon: graphemes, with every http(s) URL counted as `urlLength` (the instance's
    /// `characters_reserved_per_url`, 23 by default) and remote mentions `@user@domain` counted
    /// without their domain.
    public static func mastodon(_ text: String, urlLength: Int = 23) -> Int {
        var length = 0
        var rest = text[...]
        for url in URLDetector.urls(in: text, allowBareDomains: false) {
            length += withoutRemoteMentionDomains(String(rest[rest.startIndex..<url.lowerBound])).count + urlLength
            rest = text[url.upperBound...]
        }
        return length + withoutRemoteMentionDomains(String(rest)).count
    }

    /// X (twitter-text v3 weighting, scale 100): code points in U+0000–U+10FF, U+2000–U+200D,
    /// U+2010–U+201F and U+2032–U+2037 weigh 1; others 2; an emoji (a whole sequence, ZWJ and
    /// skin tones included) weighs 2; every URL, with or without scheme, weighs 23. Text is
    /// NFC-normalised first, as X does.
    public static func xWeighted(_ text: String) -> Int {
        let normalized = text.precomposedStringWithCanonicalMapping
        var weight = 0
        var rest = normalized[...]
        for url in URLDetector.urls(in: normalized, allowBareDomains: true) {
            weight += xWeight(of: rest[rest.startIndex..<url.lowerBound]) + 23 * 100
            rest = normalized[url.upperBound...]
        }
        weight += xWeight(of: rest)
        return weight / 100
    }

    private static func xWeight(of text: Substring) -> Int {
        var weight = 0
        for character in text {
            if character.isEmojiGlyph {
                weight += 200
                continue
            }
            for scalar in character.unicodeScalars {
                switch scalar.value {
                case 0...4351, 8192...8205, 8208...8223, 8242...8247: weight += 100
                default: weight += 200
                }
            }
        }
        return weight
    }

    /// Threads: graphemes, except that an emoji counts as many as its UTF-8 bytes.
    public static func threads(_ text: String) -> Int {
        text.reduce(0) { $0 + ($1.isEmojiGlyph ? String($1).utf8.count : 1) }
    }

    private static func withoutRemoteMentionDomains(_ text: String) -> String {
        text.replacingOccurrences(of: #"(?<![\w@])(@[A-Za-z0-9_]+)@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#, with: "$1",
                                  options: .regularExpression)
    }
}

extension Character {
    /// Drawn as an emoji: an emoji-presentation code point, or an emoji made so by a variation
    /// selector, keycap, skin tone or joiner. A plain "#" or "1" is not.
    public var isEmojiGlyph: Bool {
        let scalars = unicodeScalars
        if scalars.contains(where: { $0.properties.isEmojiPresentation }) { return true }
        guard let first = scalars.first, first.properties.isEmoji else { return false }
        return scalars.contains { $0.value == 0xFE0F || $0.value == 0x20E3 || $0.value == 0x200D
            || $0.properties.isEmojiModifier }
    }
}
