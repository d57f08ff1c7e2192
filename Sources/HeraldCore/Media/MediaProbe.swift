import Foundation

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

/// Reads the headers of an uploaded file. The bytes come from anyone with an editor's role, so
/// every read goes through `ByteReader` (bounds- and overflow-checked), nesting is bounded, and
/// the sizes a header claims are sanity-checked before anything trusts them: a damaged or
/// hostile file ends in a `ValidationError` that names the file and what is wrong with it.
public enum MediaProbe {
    /// No platform takes a side longer than this (JPEG cannot even say more than 65,535).
    public static let maxSide = 30_000
    /// Larger than any platform accepts; a header claiming more is a decompression bomb or a lie.
    public static let maxPixels = 120_000_000

    public static func probe(_ bytes: [UInt8], fileName: String = "file") throws(ValidationError) -> MediaInfo {
        try probe(ByteReader(bytes), fileName: fileName)
    }

    /// Probes a file on disk (an upload streamed there) without reading it into memory: the file
    /// is mapped, and only the headers the probe reads are paged in.
    /// A file that cannot be read at all is Herald's own failure (it wrote it), not a bad upload.
    public static func probe(fileAt path: String, fileName: String) throws -> MediaInfo {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        return try probe(ByteReader(data), fileName: fileName)
    }

    static func probe(_ reader: ByteReader, fileName: String) throws(ValidationError) -> MediaInfo {
        do {
            let info = try read(reader)
            try check(info)
            return info
        } catch {
            throw error.validationError(fileName: fileName)
        }
    }

    static func read(_ reader: ByteReader) throws(MediaDefect) -> MediaInfo {
        if reader.slice(0, 8)?.elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) == true {
            guard reader.has("IHDR", at: 12), let width = reader.be32(16), let height = reader.be32(20) else {
                throw .damaged("PNG IHDR")
            }
            return MediaInfo(format: .png, width: width, height: height)
        }
        if reader.has("GIF87a", at: 0) || reader.has("GIF89a", at: 0) {
            guard let width = reader.le16(6), let height = reader.le16(8) else { throw .damaged("GIF") }
            return MediaInfo(format: .gif, width: width, height: height)
        }
        if reader.has("RIFF", at: 0), reader.has("WEBP", at: 8) {
            guard let size = webpSize(reader) else { throw .damaged("WebP") }
            return MediaInfo(format: .webp, width: size.width, height: size.height)
        }
        if reader.slice(0, 3)?.elementsEqual([0xFF, 0xD8, 0xFF]) == true {
            guard let size = jpegSize(reader) else { throw .damaged("JPEG SOF") }
            return MediaInfo(format: .jpeg, width: size.width, height: size.height)
        }
        if reader.has("ftyp", at: 4) {
            return try mp4Info(reader)
        }
        throw .unsupported
    }

    /// Claimed sizes and durations a person could not have meant.
    static func check(_ info: MediaInfo) throws(MediaDefect) {
        if let width = info.width, let height = info.height {
            guard width > 0, height > 0 else { throw .noPixels(width, height) }
            guard width <= maxSide, height <= maxSide, width * height <= maxPixels else { throw .tooManyPixels(width, height) }
        }
        if let duration = info.durationSeconds, !(duration.isFinite && duration >= 0 && duration < 86_400 * 7) {
            throw .damaged("MP4 mvhd")
        }
    }

    /// Walks JPEG segments to the first start-of-frame marker.
    static func jpegSize(_ reader: ByteReader) -> (width: Int, height: Int)? {
        let startOfFrame: Set<Int> = [0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF]
        var offset = 2
        while let byte = reader.u8(offset), let marker = reader.u8(offset + 1) {
            guard byte == 0xFF else { return nil }
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { offset += 2; continue }
            if marker == 0xFF { offset += 1; continue }
            if startOfFrame.contains(marker) {
                guard let height = reader.be16(offset + 5), let width = reader.be16(offset + 7) else { return nil }
                return (width, height)
            }
            guard let length = reader.be16(offset + 2), length >= 2 else { return nil }
            offset += 2 + length
        }
        return nil
    }

    static func webpSize(_ reader: ByteReader) -> (width: Int, height: Int)? {
        if reader.has("VP8X", at: 12) {
            guard let width = reader.le24(24), let height = reader.le24(27) else { return nil }
            return (width + 1, height + 1)
        }
        if reader.has("VP8L", at: 12) {
            guard reader.u8(20) == 0x2F, let bits = reader.le32(21) else { return nil }
            return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        }
        if reader.has("VP8 ", at: 12) {
            guard reader.slice(23, 3)?.elementsEqual([0x9D, 0x01, 0x2A]) == true,
                  let width = reader.le16(26), let height = reader.le16(28) else { return nil }
            return (width & 0x3FFF, height & 0x3FFF)
        }
        return nil
    }
}

/// What is wrong with a file, before it is put into words for a person.
enum MediaDefect: Error, Equatable {
    case unsupported
    /// A header is cut short or says something impossible; the associated value names it.
    case damaged(String)
    case noPixels(Int, Int)
    case tooManyPixels(Int, Int)

    func validationError(fileName: String) -> ValidationError {
        switch self {
        case .unsupported:
            ValidationError(code: "unsupported_media", field: "file", message: .init(.mediaUnsupported, fileName))
        case .damaged(let part):
            ValidationError(code: "corrupt_media", field: "file", message: .init(.mediaCorrupt, fileName, part))
        case .noPixels(let width, let height):
            ValidationError(code: "media_without_pixels", field: "file",
                            message: .init(.mediaNoPixels, fileName, String(width), String(height)))
        case .tooManyPixels(let width, let height):
            ValidationError(code: "media_too_many_pixels", field: "file",
                            message: .init(.mediaTooManyPixels, fileName, String(width), String(height),
                                           String(MediaProbe.maxSide), String(MediaProbe.maxPixels / 1_000_000)))
        }
    }
}
