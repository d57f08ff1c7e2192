/// LinkedIn's Posts API reads `commentary` as "little text": these characters are markup and
/// must be escaped with a backslash; hashtags are written `{hashtag|\#|tag}` and mentions
/// `@[Name](urn:li:organization:123)`.
public enum LinkedInLittleText {
    static let reserved: Set<Character> = ["\\", "|", "{", "}", "@", "[", "]", "(", ")", "<", ">", "#", "*", "_", "~"]

    public struct Mention: Sendable, Equatable {
        public var name: String
        public var urn: String

        public init(name: String, urn: String) {
            self.name = name
            self.urn = urn
        }
    }

    public static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            if reserved.contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// The commentary for `text`: everything escaped, hashtags as hashtag templates, and each
    /// `@key` found in `mentions` as a mention of that organisation or person.
    public static func commentary(_ text: String, mentions: [String: Mention] = [:]) -> String {
        var result = ""
        var index = text.startIndex
        let tags = Hashtags.occurrences(in: text)
        while index < text.endIndex {
            if let tag = tags.first(where: { $0.range.lowerBound == index }) {
                result += "{hashtag|\\#|\(escape(tag.tag))}"
                index = tag.range.upperBound
                continue
            }
            if text[index] == "@", let (key, mention) = mentions.first(where: { text[index...].dropFirst().hasPrefix($0.key) }) {
                result += "@[\(escape(mention.name))](\(mention.urn))"
                index = text.index(index, offsetBy: key.count + 1)
                continue
            }
            result += escape(String(text[index]))
            index = text.index(after: index)
        }
        return result
    }
}
