/// The words of a text in lower case (letters and digits), as search and the mood reading take
/// them. With `apostrophes`, "don't" stays one word. (`ё` is kept: the search index keeps it too.)
public enum TextWords {
    public static func of(_ text: String, apostrophes: Bool = false) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.lowercased().replacingOccurrences(of: "’", with: "'") {
            if character.isLetter || character.isNumber || (apostrophes && character == "'") {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Russian when most letters are Cyrillic, English when most are Latin; nil for short or mixed texts.
    public static func language(of text: String) -> Language? { BrandVoice.dominantScript(text) }
}
