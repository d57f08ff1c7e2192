import Foundation

/// JSON written straight into bytes, for documents whose shape is known in advance (a request body
/// a connector sends for every post, a page of the API's list). Going through `JSONEncoder`'s
/// generic containers, key conversion and date formatter was the largest single cost of such a
/// request (a quarter of the API's post list under load). Output is byte for byte what
/// `JSONEncoder` writes with sorted keys (the caller writes keys in order) and, for the API,
/// `.convertToSnakeCase` and `.iso8601`; tests hold both to it.
///
/// Commas are placed by the writer: before a key or a value unless it opens its object or array
/// or follows its key.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// `JSONEncoder` writes `/` as `\/` unless told `.withoutEscapingSlashes`.
    public let escapesSlashes: Bool

    public init(escapesSlashes: Bool, capacity: Int = 256) {
        self.escapesSlashes = escapesSlashes
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")) }
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")) }
    public mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")) }
    public mutating func endArray() { bytes.append(UInt8(ascii: "]")) }

    /// A member's key; its value comes next.
    public mutating func key(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func null() { separate(); bytes.append(contentsOf: "null".utf8) }
    public mutating func bool(_ value: Bool) { separate(); bytes.append(contentsOf: (value ? "true" : "false").utf8) }
    public mutating func int(_ value: Int) { separate(); bytes.append(contentsOf: String(value).utf8) }

    /// A finite number as Swift writes it (infinity and NaN have no JSON form: the caller refuses them).
    public mutating func double(_ value: Double) {
        precondition(value.isFinite, "JSON has no form for \(value)")
        separate()
        bytes.append(contentsOf: value.description.utf8)
    }

    /// A string: the quote, the backslash and control characters escaped (as `JSONEncoder` does:
    /// `\b \f \n \r \t`, the rest as `\u00XX`), the slash when `escapesSlashes`, the rest as UTF-8.
    public mutating func string(_ text: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "/") where escapesSlashes: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "/")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x00..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A UUID as `JSONEncoder` writes it: its upper-case string form.
    public mutating func uuid(_ value: UUID) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        withUnsafeBytes(of: value.uuid) { raw in
            for (index, byte) in raw.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(Self.upperHexDigits[Int(byte >> 4)])
                bytes.append(Self.upperHexDigits[Int(byte & 0x0F)])
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A moment as `JSONEncoder`'s `.iso8601` writes it: `2026-12-07T19:12:00Z`, UTC, whole seconds
    /// (the fraction dropped, not rounded). Outside 1970–9999 Foundation's own formatter writes it.
    public mutating func iso8601(_ date: Date) {
        let whole = date.timeIntervalSinceReferenceDate.rounded(.down)
        guard whole >= -Date.timeIntervalBetween1970AndReferenceDate, whole < 252_423_993_600 else {
            string(date.formatted(.iso8601))
            return
        }
        let seconds = Int(whole) + Int(Date.timeIntervalBetween1970AndReferenceDate)
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (year, month, day) = LocalDateTime.civil(days)
        separate()
        bytes.append(UInt8(ascii: "\""))
        digits(year, width: 4); bytes.append(UInt8(ascii: "-"))
        digits(month, width: 2); bytes.append(UInt8(ascii: "-"))
        digits(day, width: 2); bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, width: 2); bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, width: 2); bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, width: 2)
        bytes.append(contentsOf: [UInt8(ascii: "Z"), UInt8(ascii: "\"")])
    }

    private mutating func digits(_ value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    /// A comma before anything that neither opens its container nor follows its key.
    private mutating func separate() {
        guard let last = bytes.last else { return }
        if last != UInt8(ascii: "{"), last != UInt8(ascii: "["), last != UInt8(ascii: ":") { bytes.append(UInt8(ascii: ",")) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let upperHexDigits = Array("0123456789ABCDEF".utf8)
}
