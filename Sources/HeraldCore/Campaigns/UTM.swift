import Foundation

/// UTM parameters a campaign adds to the links of its posts, so analytics can tell which
/// campaign and channel brought a visitor. Existing parameters of a link are never overwritten.
public struct UTMParameters: Codable, Sendable, Equatable {
    public var source: String?
    public var medium: String?
    public var campaign: String?
    public var term: String?
    public var content: String?

    public init(source: String? = nil, medium: String? = nil, campaign: String? = nil, term: String? = nil,
                content: String? = nil) {
        self.source = source
        self.medium = medium
        self.campaign = campaign
        self.term = term
        self.content = content
    }

    public var isEmpty: Bool { pairs.isEmpty }

    var pairs: [(String, String)] {
        [("utm_source", source), ("utm_medium", medium), ("utm_campaign", campaign), ("utm_term", term),
         ("utm_content", content)].compactMap { name, value in
            guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return (name, value)
        }
    }

    /// `{platform}` in a value becomes the channel's platform id (`utm_source={platform}`).
    public func resolved(platform: Platform) -> UTMParameters {
        func fill(_ value: String?) -> String? { value?.replacingOccurrences(of: "{platform}", with: platform.rawValue) }
        return UTMParameters(source: fill(source), medium: fill(medium), campaign: fill(campaign), term: fill(term),
                             content: fill(content))
    }

    /// One link with these parameters added.
    public func tag(_ link: String) -> String {
        guard !isEmpty, var components = URLComponents(string: link), components.scheme?.hasPrefix("http") == true else {
            return link
        }
        var items = components.queryItems ?? []
        let present = Set(items.map { $0.name.lowercased() })
        for (name, value) in pairs where !present.contains(name) { items.append(URLQueryItem(name: name, value: value)) }
        components.queryItems = items
        return components.string ?? link
    }

    /// Every http(s) link in `text` tagged.
    public func tagLinks(in text: String) -> String {
        guard !isEmpty else { return text }
        var result = text
        for range in URLDetector.urls(in: text, allowBareDomains: false).reversed() {
            result.replaceSubrange(range, with: tag(String(text[range])))
        }
        return result
    }
}
