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
        // Byte by byte: the five characters are ASCII, and UTF-8 never uses ASCII bytes inside a
        // multi-byte character, so the other bytes are copied as they are. Most text (names,
        // dates, ids) has none of them and is returned untouched.
        let utf8 = text.utf8
        let special = utf8.withContiguousStorageIfAvailable { $0.contains(where: isSpecial) } ?? utf8.contains(where: isSpecial)
        guard special else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case 0x26: bytes.append(contentsOf: "&amp;".utf8)
            case 0x3C: bytes.append(contentsOf: "&lt;".utf8)
            case 0x3E: bytes.append(contentsOf: "&gt;".utf8)
            case 0x22: bytes.append(contentsOf: "&quot;".utf8)
            case 0x27: bytes.append(contentsOf: "&#39;".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `& < > " '`: one comparison and a bit test per byte (the five are all below 64). Pages
    /// escape every interpolated string; most have none of them.
    @inline(__always)
    static func isSpecial(_ byte: UInt8) -> Bool {
        byte < 64 && (specialBits >> UInt64(byte)) & 1 == 1
    }

    private static let specialBits: UInt64 = 1 << 0x26 | 1 << 0x3C | 1 << 0x3E | 1 << 0x22 | 1 << 0x27
}

extension String {
    /// This text, escaped, as HTML.
    public var asEscapedHTML: HTML { HTML(unsafe: HTML.escape(self)) }
}

extension Array where Element == HTML {
    public func joined() -> HTML { HTML(unsafe: map(\.rendered).joined()) }
}
