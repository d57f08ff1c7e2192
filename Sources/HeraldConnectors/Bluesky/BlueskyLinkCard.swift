import Foundation
import NIOHTTP1

/// What a link card shows: the page's title, description and picture, read from its
/// Open Graph tags (or its `<title>`). The page is fetched through the same guarded HTTP as
/// everything else (no private addresses, a deadline, at most 512 KiB read), and a page that
/// cannot be read still gets a card: its address as the title.
struct BlueskyLinkCard: Sendable, Equatable {
    var title: String
    var description: String
    /// The picture's address, absolute.
    var image: String?

    static let maxPageBytes = 512 * 1024
    /// `app.bsky.embed.external` thumbnails are at most 1,000,000 bytes.
    static let maxImageBytes = 1_000_000

    static func fetch(_ link: String, http: PlatformHTTP) async -> BlueskyLinkCard {
        let fallback = BlueskyLinkCard(title: URL(string: link)?.host ?? link, description: "", image: nil)
        guard let answer = try? await http.send(.GET, link, headers: ["Accept": "text/html"], maxBytes: maxPageBytes),
              (200..<300).contains(answer.status.code) else { return fallback }
        let html = String(decoding: answer.data, as: UTF8.self)
        var card = parse(html, base: URL(string: link))
        if card.title.isEmpty { card.title = fallback.title }
        return card
    }

    /// The picture's bytes and type, when it is an image small enough for a thumbnail.
    static func image(_ address: String, http: PlatformHTTP) async -> (Data, String)? {
        guard let answer = try? await http.send(.GET, address, headers: ["Accept": "image/*"], maxBytes: maxImageBytes),
              (200..<300).contains(answer.status.code),
              let type = answer.headers.first(name: "Content-Type")?.split(separator: ";").first.map(String.init),
              ["image/jpeg", "image/png", "image/webp", "image/gif"].contains(type.lowercased()) else { return nil }
        return (answer.data, type.lowercased())
    }

    /// Reads `og:title`, `og:description`, `og:image` (or `<title>` and `description`) from a page.
    static func parse(_ html: String, base: URL?) -> BlueskyLinkCard {
        let head = String(html.prefix(maxPageBytes))
        var meta: [String: String] = [:]
        // Every repetition is bounded: a hostile page of unclosed tags costs linear time, not quadratic.
        let tag = try? NSRegularExpression(pattern: #"<meta\s[^>]{0,2000}>"#, options: [.caseInsensitive])
        let attribute = try? NSRegularExpression(pattern: #"([a-zA-Z:-]{1,40})\s{0,5}=\s{0,5}("([^"]{0,2000})"|'([^']{0,2000})')"#)
        for match in tag?.matches(in: head, range: NSRange(head.startIndex..., in: head)) ?? [] {
            guard let range = Range(match.range, in: head) else { continue }
            let element = String(head[range])
            var attributes: [String: String] = [:]
            for found in attribute?.matches(in: element, range: NSRange(element.startIndex..., in: element)) ?? [] {
                guard let name = Range(found.range(at: 1), in: element) else { continue }
                let value = Range(found.range(at: 3), in: element) ?? Range(found.range(at: 4), in: element)
                attributes[element[name].lowercased()] = value.map { String(element[$0]) } ?? ""
            }
            if let key = attributes["property"] ?? attributes["name"], let content = attributes["content"] {
                meta[key.lowercased()] = meta[key.lowercased()] ?? HTMLEntities.decode(content)
            }
        }
        var title = meta["og:title"] ?? ""
        if title.isEmpty, let found = head.range(of: #"<title[^>]{0,200}>([^<]{0,2000})</title>"#, options: [.regularExpression, .caseInsensitive]) {
            title = HTMLEntities.decode(String(head[found]).replacingOccurrences(of: #"</?title[^>]{0,200}>"#, with: "",
                                                                                options: [.regularExpression, .caseInsensitive]))
        }
        let image = meta["og:image"].flatMap { URL(string: $0, relativeTo: base)?.absoluteURL.absoluteString }
        return BlueskyLinkCard(title: clip(title, 300), description: clip(meta["og:description"] ?? meta["description"] ?? "", 1000),
                               image: image.flatMap { $0.hasPrefix("http") ? $0 : nil })
    }

    static func clip(_ text: String, _ limit: Int) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.count > limit ? String(trimmed.prefix(limit - 1)) + "…" : trimmed
    }
}
