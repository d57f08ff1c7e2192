/// Text for the Telegram Bot API. Either escape for a parse mode (HTML or MarkdownV2), or send
/// plain text with explicit entities, whose offsets and lengths are UTF-16 code units.
public enum TelegramText {
    /// For `parse_mode=HTML`: only `&`, `<` and `>` are special.
    public static func html(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }

    /// For `parse_mode=MarkdownV2`: these 18 characters (and the backslash) must be escaped.
    static let markdownV2Special: Set<Character> = ["_", "*", "[", "]", "(", ")", "~", "`", ">", "#", "+", "-", "=", "|",
                                                    "{", "}", ".", "!", "\\"]

    public static func markdownV2(_ text: String) -> String {
        var result = ""
        for character in text {
            if markdownV2Special.contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    public struct Entity: Sendable, Equatable {
        public var type: String
        public var offset: Int
        public var length: Int
        public var url: String?

        public init(type: String, offset: Int, length: Int, url: String?) {
            self.type = type
            self.offset = offset
            self.length = length
            self.url = url
        }
    }

    /// `url` and `hashtag` entities for plain text, in UTF-16 units as the Bot API counts them.
    public static func entities(for text: String) -> [Entity] {
        func utf16(_ index: String.Index) -> Int { text.utf16.distance(from: text.utf16.startIndex, to: index) }
        var entities: [Entity] = URLDetector.urls(in: text, allowBareDomains: false).map {
            Entity(type: "url", offset: utf16($0.lowerBound), length: utf16($0.upperBound) - utf16($0.lowerBound), url: nil)
        }
        for occurrence in Hashtags.occurrences(in: text) {
            let start = utf16(occurrence.range.lowerBound), end = utf16(occurrence.range.upperBound)
            guard !entities.contains(where: { start < $0.offset + $0.length && $0.offset < end }) else { continue }
            entities.append(Entity(type: "hashtag", offset: start, length: end - start, url: nil))
        }
        return entities.sorted { $0.offset < $1.offset }
    }
}
