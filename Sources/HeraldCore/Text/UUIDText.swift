import Foundation

/// A UUID's text without the C library. On Linux, Foundation writes `uuidString` with
/// `snprintf` and reads `UUID(uuidString:)` with `sscanf`; a month calendar turns a few hundred
/// ids into links and reads a few hundred from its rows, and those two calls were a twentieth of
/// its CPU under load. The text is the same: 36 characters, upper-case hexadecimal, hyphens
/// after the 8th, 12th, 16th and 20th digit; either case is read.
extension UUID {
    /// The same text as `uuidString`.
    public var text: String {
        let digits: StaticString = "0123456789ABCDEF"
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                digits.withUTF8Buffer { digits in
                    var at = 0
                    for (index, byte) in bytes.enumerated() {
                        if index == 4 || index == 6 || index == 8 || index == 10 {
                            out[at] = UInt8(ascii: "-")
                            at += 1
                        }
                        out[at] = digits[Int(byte >> 4)]
                        out[at + 1] = digits[Int(byte & 0x0F)]
                        at += 2
                    }
                }
                return 36
            }
        }
    }

    /// Reads the text `uuidString` writes (either case); nil for anything else.
    public init?(text: String) {
        var text = text
        guard let parsed = text.withUTF8(Self.parse) else { return nil }
        self.init(uuid: parsed)
    }

    private static func parse(_ characters: UnsafeBufferPointer<UInt8>) -> uuid_t? {
        let hyphen = UInt8(ascii: "-")
        guard characters.count == 36, characters[8] == hyphen, characters[13] == hyphen, characters[18] == hyphen,
              characters[23] == hyphen else { return nil }
        func nibble(_ character: UInt8) -> UInt8? {
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): character &- UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): character &- UInt8(ascii: "A") &+ 10
            case UInt8(ascii: "a")...UInt8(ascii: "f"): character &- UInt8(ascii: "a") &+ 10
            default: nil
            }
        }
        var parsed: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let fine = withUnsafeMutableBytes(of: &parsed) { bytes in
            var at = 0
            for index in 0..<16 {
                if at == 8 || at == 13 || at == 18 || at == 23 { at += 1 }
                guard let high = nibble(characters[at]), let low = nibble(characters[at + 1]) else { return false }
                bytes[index] = high << 4 | low
                at += 2
            }
            return true
        }
        return fine ? parsed : nil
    }
}
