import Foundation

/// A language the UI is translated into.
public enum Language: String, Codable, CaseIterable, Sendable {
    case en
    case ru

    public static let fallback: Language = .en

    /// The name of the language in that language, for pickers.
    public var nativeName: String {
        switch self {
        case .en: "English"
        case .ru: "Русский"
        }
    }

    /// Picks the best supported language from an `Accept-Language` header value
    /// (RFC 9110 §12.5.4): highest q first, ties by order; `ru-RU` matches `ru`; `q=0` excludes.
    public static func negotiate(acceptLanguage header: String?) -> Language? {
        guard let header, !header.isEmpty else { return nil }
        var candidates: [(language: Language, q: Double, order: Int)] = []
        for (order, part) in header.split(separator: ",").enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { continue }
            var q = 1.0
            for parameter in pieces.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                q = Double(parameter.dropFirst(2)) ?? 0
            }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard q > 0, let language = Language(rawValue: primary) else { continue }
            candidates.append((language, q, order))
        }
        return candidates.sorted { $0.q != $1.q ? $0.q > $1.q : $0.order < $1.order }.first?.language
    }
}
