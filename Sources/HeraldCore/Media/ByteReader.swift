import Foundation

/// Reads integers out of untrusted bytes. Every read is checked against the end of the bytes and
/// every offset sum against overflow: a read that does not fit answers nil instead of trapping,
/// so a parser built on it can only fail with an error, never take the process down. The bytes
/// may be a file mapped into memory (an upload on disk): only what is read is paged in.
struct ByteReader {
    let bytes: Data

    /// `bytes` must start at index 0 (not a slice of a larger `Data`).
    init(_ bytes: Data) { self.bytes = bytes }
    init(_ bytes: [UInt8]) { self.bytes = Data(bytes) }

    var count: Int { bytes.count }

    /// `offset + length` when it neither overflows nor passes the end.
    func end(of offset: Int, length: Int) -> Int? {
        guard offset >= 0, length >= 0 else { return nil }
        let (sum, overflow) = offset.addingReportingOverflow(length)
        guard !overflow, sum <= bytes.count else { return nil }
        return sum
    }

    func slice(_ offset: Int, _ length: Int) -> Data? {
        guard let end = end(of: offset, length: length) else { return nil }
        return bytes[offset..<end]
    }

    func has(_ ascii: String, at offset: Int) -> Bool {
        let expected = Array(ascii.utf8)
        guard let found = slice(offset, expected.count) else { return false }
        return found.elementsEqual(expected)
    }

    func u8(_ offset: Int) -> Int? { slice(offset, 1).map { Int($0[$0.startIndex]) } }

    func be16(_ offset: Int) -> Int? { bigEndian(offset, 2) }
    func be32(_ offset: Int) -> Int? { bigEndian(offset, 4) }

    /// A 64-bit big-endian value, nil when it does not fit in `Int`.
    func be64(_ offset: Int) -> Int? {
        guard let high = be32(offset), let low = be32(offset + 4), high <= Int(Int32.max) else { return nil }
        return high << 32 | low
    }

    func le16(_ offset: Int) -> Int? { littleEndian(offset, 2) }
    func le24(_ offset: Int) -> Int? { littleEndian(offset, 3) }
    func le32(_ offset: Int) -> Int? { littleEndian(offset, 4) }

    private func bigEndian(_ offset: Int, _ width: Int) -> Int? {
        slice(offset, width).map { $0.reduce(0) { $0 << 8 | Int($1) } }
    }

    private func littleEndian(_ offset: Int, _ width: Int) -> Int? {
        slice(offset, width).map { $0.reversed().reduce(0) { $0 << 8 | Int($1) } }
    }
}
