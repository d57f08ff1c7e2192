import Foundation

/// Finds links in post text the way platforms do for counting and for link facets: `http(s)://`
/// URLs, and (for X) `www.` hosts and bare domains with a common top-level domain. Trailing
/// punctuation that ends a sentence is not part of the URL; a closing parenthesis is, only when
/// the URL opened one.
public enum URLDetector {
    static let bareTLDs: Set<String> = [
        "com", "org", "net", "io", "co", "ru", "рф", "de", "uk", "fr", "es", "it", "nl", "eu", "info", "biz", "me",
        "app", "dev", "ly", "tv", "us", "ua", "by", "kz", "su", "jp", "cn", "in", "br", "ca", "au", "ai", "xyz",
    ]

    // Compiled once: compiling an ICU pattern costs far more than matching a post.
    private static let withBareDomains = try! NSRegularExpression(
        pattern: #"(?i)(?<![\w@.\-/])(?:https?://[^\s<>"]+|www\.[^\s<>"]+|[\p{L}\p{N}][\p{L}\p{N}-]*(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?:/[^\s<>"]*)?)"#)
    private static let schemeOnly = try! NSRegularExpression(pattern: #"(?i)(?<![\w@])https?://[^\s<>"]+"#)

    /// Ranges of the URLs in `text`, in order, not overlapping.
    public static func urls(in text: String, allowBareDomains: Bool) -> [Range<String.Index>] {
        var result: [Range<String.Index>] = []
        let regex = allowBareDomains ? withBareDomains : schemeOnly
        let whole = NSRange(text.startIndex..., in: text)
        for match in regex.matches(in: text, range: whole) {
            guard var range = Range(match.range, in: text) else { continue }
            range = trimmed(range, in: text)
            let candidate = text[range]
            if allowBareDomains, !candidate.lowercased().hasPrefix("http"), !candidate.lowercased().hasPrefix("www.") {
                let host = candidate.split(separator: "/", maxSplits: 1).first ?? candidate[...]
                guard let tld = host.split(separator: ".").last, bareTLDs.contains(tld.lowercased()) else { continue }
            }
            if range.isEmpty { continue }
            result.append(range)
        }
        return result
    }

    private static func trimmed(_ range: Range<String.Index>, in text: String) -> Range<String.Index> {
        var end = range.upperBound
        while end > range.lowerBound {
            let previous = text.index(before: end)
            let character = text[previous]
            if ".,;:!?'\"»”…".contains(character) {
                end = previous
            } else if character == ")" {
                let body = text[range.lowerBound..<previous]
                if body.filter({ $0 == "(" }).count > body.filter({ $0 == ")" }).count { break }
                end = previous
            } else {
                break
            }
        }
        return range.lowerBound..<end
    }
}
