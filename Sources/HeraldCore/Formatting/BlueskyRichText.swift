import Foundation

/// Bluesky keeps post text plain and marks links, mentions and tags as facets addressed by
/// UTF-8 byte offsets (`app.bsky.richtext.facet`). Mentions point at a DID, so the caller
/// supplies the handle → DID lookup; a handle it cannot resolve stays plain text.
public enum BlueskyRichText {
    public struct Facet: Sendable, Equatable {
        public var byteStart: Int
        public var byteEnd: Int
        public var feature: Feature

        public init(byteStart: Int, byteEnd: Int, feature: Feature) {
            self.byteStart = byteStart
            self.byteEnd = byteEnd
            self.feature = feature
        }
    }

    public enum Feature: Sendable, Equatable {
        case link(uri: String)
        case mention(did: String)
        case tag(String)
    }

    /// Facets for `text`, sorted by position, never overlapping.
    public static func facets(for text: String, resolveHandle: (String) -> String? = { _ in nil }) -> [Facet] {
        var facets: [Facet] = []
        func offset(_ index: String.Index) -> Int { text.utf8.distance(from: text.utf8.startIndex, to: index) }
        func add(_ range: Range<String.Index>, _ feature: Feature) {
            let start = offset(range.lowerBound), end = offset(range.upperBound)
            guard !facets.contains(where: { start < $0.byteEnd && $0.byteStart < end }) else { return }
            facets.append(Facet(byteStart: start, byteEnd: end, feature: feature))
        }
        for range in URLDetector.urls(in: text, allowBareDomains: true) {
            let shown = String(text[range])
            add(range, .link(uri: shown.lowercased().hasPrefix("http") ? shown : "https://" + shown))
        }
        if let regex = try? NSRegularExpression(pattern: #"(?<![\w@])@([A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+)"#) {
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let whole = Range(match.range, in: text), let handle = Range(match.range(at: 1), in: text),
                      let did = resolveHandle(String(text[handle]).lowercased())
                else { continue }
                add(whole, .mention(did: did))
            }
        }
        for occurrence in Hashtags.occurrences(in: text) where occurrence.tag.count <= 64 && occurrence.tag.utf8.count <= 640 {
            add(occurrence.range, .tag(occurrence.tag))
        }
        return facets.sorted { $0.byteStart < $1.byteStart }
    }
}
