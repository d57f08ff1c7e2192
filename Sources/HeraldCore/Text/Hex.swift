/// Lower-case hexadecimal of bytes. `String(format: "%02x")` once per byte is slow on Linux, and
/// some of these run on every request (session and token hashes) or thousands of times a second
/// (short-link visitors).
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
