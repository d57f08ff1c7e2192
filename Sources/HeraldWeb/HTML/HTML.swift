/// A fragment of HTML. Interpolated `String`s are escaped; interpolated `HTML` is inserted as
/// is. That makes the safe thing the easy thing: `"<p>\(user.name)</p>" as HTML` cannot inject.
public struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var rendered: String

    public init(unsafe raw: String) { rendered = raw }
    public init(stringLiteral value: String) { rendered = value }
    public init(stringInterpolation: Interpolation) { rendered = stringInterpolation.output }

    public var description: String { rendered }
    public static let empty = HTML(unsafe: "")

    public struct Interpolation: StringInterpolationProtocol {
        var output = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            output.reserveCapacity(literalCapacity * 2)
        }

        public mutating func appendLiteral(_ literal: String) { output += literal }
        public mutating func appendInterpolation(_ value: String) { output += HTML.escape(value) }
        public mutating func appendInterpolation(_ value: Substring) { output += HTML.escape(String(value)) }
        public mutating func appendInterpolation<N: BinaryInteger>(_ value: N) { output += String(value) }
        public mutating func appendInterpolation(_ html: HTML) { output += html.rendered }
        public mutating func appendInterpolation(_ items: [HTML]) { for item in items { output += item.rendered } }
        public mutating func appendInterpolation(_ html: HTML?) { output += html?.rendered ?? "" }
    }

    /// Escapes text for element content and double-quoted attribute values.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}

extension String {
    /// This text, escaped, as HTML.
    public var asEscapedHTML: HTML { HTML(unsafe: HTML.escape(self)) }
}

extension Array where Element == HTML {
    public func joined() -> HTML { HTML(unsafe: map(\.rendered).joined()) }
}
