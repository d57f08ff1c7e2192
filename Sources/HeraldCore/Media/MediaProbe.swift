/// What a file is, judged by its bytes, never by its name: JPEG, PNG, GIF, WebP or MP4, with
/// its pixel size and, for video, its duration. Reads only headers; refuses anything else.
public struct MediaInfo: Sendable, Equatable {
    public var format: MediaFormat
    public var width: Int?
    public var height: Int?
    public var durationSeconds: Double?

    public init(format: MediaFormat, width: Int?, height: Int?, durationSeconds: Double? = nil) {
        self.format = format
        self.width = width
        self.height = height
        self.durationSeconds = durationSeconds
    }
}

public enum MediaProbe {
    public static func probe(_ bytes: [UInt8]) throws(ValidationError) -> MediaInfo {
        func fail() -> ValidationError {
            ValidationError(code: "unsupported_media", field: "file", message: .init(.mediaUnsupported))
        }
        func corrupt() -> ValidationError {
            ValidationError(code: "corrupt_media", field: "file", message: .init(.mediaCorrupt))
        }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            guard bytes.count >= 24, Array(bytes[12..<16]) == Array("IHDR".utf8) else { throw corrupt() }
            return MediaInfo(format: .png, width: be32(bytes, 16), height: be32(bytes, 20))
        }
        if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) {
            guard bytes.count >= 10 else { throw corrupt() }
            return MediaInfo(format: .gif, width: le16(bytes, 6), height: le16(bytes, 8))
        }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            guard let size = webpSize(bytes) else { throw corrupt() }
            return MediaInfo(format: .webp, width: size.0, height: size.1)
        }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            guard let size = jpegSize(bytes) else { throw corrupt() }
            return MediaInfo(format: .jpeg, width: size.0, height: size.1)
        }
        if bytes.count >= 12, Array(bytes[4..<8]) == Array("ftyp".utf8) {
            guard let movie = mp4Info(bytes) else { throw corrupt() }
            return MediaInfo(format: .mp4, width: movie.width, height: movie.height, durationSeconds: movie.duration)
        }
        throw fail()
    }

    static func be32(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3]) }
    static func be16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
    static func le16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    static func le24(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 }

    /// Walks JPEG segments to the first start-of-frame marker.
    static func jpegSize(_ b: [UInt8]) -> (Int, Int)? {
        var i = 2
        while i + 9 < b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
            if marker == 0xFF { i += 1; continue }
            let length = be16(b, i + 2)
            if [0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF].contains(marker) {
                return (be16(b, i + 7), be16(b, i + 5))
            }
            guard length >= 2 else { return nil }
            i += 2 + length
        }
        return nil
    }

    static func webpSize(_ b: [UInt8]) -> (Int, Int)? {
        guard b.count >= 30 else { return nil }
        switch String(decoding: b[12..<16], as: UTF8.self) {
        case "VP8X": return (le24(b, 24) + 1, le24(b, 27) + 1)
        case "VP8L":
            guard b[20] == 0x2F else { return nil }
            let bits = Int(b[21]) | Int(b[22]) << 8 | Int(b[23]) << 16 | Int(b[24]) << 24
            return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        case "VP8 ":
            guard b[23] == 0x9D, b[24] == 0x01, b[25] == 0x2A else { return nil }
            return (le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF)
        default: return nil
        }
    }

    /// Duration from `moov/mvhd`; size from the first video `trak/tkhd` with a non-zero size.
    static func mp4Info(_ b: [UInt8]) -> (width: Int?, height: Int?, duration: Double?)? {
        var duration: Double?
        var size: (Int, Int)?
        func walk(_ start: Int, _ end: Int) {
            var i = start
            while i + 8 <= end {
                var length = be32(b, i)
                let type = String(decoding: b[(i + 4)..<(i + 8)], as: UTF8.self)
                var header = 8
                if length == 1, i + 16 <= end {
                    length = Int(be32(b, i + 8)) << 32 | be32(b, i + 12)
                    header = 16
                } else if length == 0 {
                    length = end - i
                }
                guard length >= header, i + length <= end else { return }
                let body = i + header
                switch type {
                case "moov", "trak": walk(body, i + length)
                case "mvhd" where body + 20 <= end:
                    let version = b[body]
                    let (scale, units) = version == 1
                        ? (be32(b, body + 20), Int(be32(b, body + 24)) << 32 | be32(b, body + 28))
                        : (be32(b, body + 12), be32(b, body + 16))
                    if scale > 0 { duration = Double(units) / Double(scale) }
                case "tkhd" where size == nil:
                    let offset = b[body] == 1 ? body + 88 : body + 76
                    if offset + 8 <= i + length {
                        let w = be32(b, offset) >> 16, h = be32(b, offset + 4) >> 16
                        if w > 0 && h > 0 { size = (w, h) }
                    }
                default: break
                }
                i += length
            }
        }
        walk(0, b.count)
        guard duration != nil || size != nil else { return nil }
        return (size?.0, size?.1, duration)
    }
}
