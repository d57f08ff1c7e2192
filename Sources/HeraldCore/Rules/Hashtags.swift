import Foundation

/// Hashtags as the platforms read them: `#` then letters (any script), digits, `_`; not a
/// purely numeric tag; not inside a word or URL fragment (`a#b`, `page#top`).
public enum Hashtags {
    /// Compiled once: compiling an ICU pattern costs far more than matching a post.
    private static let regex = try! NSRegularExpression(
        pattern: #"(?<![\p{L}\p{N}_&/#])#([\p{L}\p{M}\p{N}_]*[\p{L}\p{M}_][\p{L}\p{M}\p{N}_]*)"#)

    public static func extract(_ text: String) -> [String] {
        occurrences(in: text).map(\.tag)
    }

    /// Each hashtag with the range of `#tag` in the text.
    public static func occurrences(in text: String) -> [(range: Range<String.Index>, tag: String)] {
        regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            guard let whole = Range(match.range, in: text), let tag = Range(match.range(at: 1), in: text) else { return nil }
            return (whole, String(text[tag]))
        }
    }
}
