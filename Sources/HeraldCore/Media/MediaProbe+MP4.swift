/// MP4 and MOV (ISO base media): the duration from `moov/mvhd`, the size from the first
/// `trak/tkhd` with a non-zero size. Boxes are visited breadth-first from a list, never by
/// recursion, and only `moov` and `trak` are entered, at most `maxBoxDepth` deep; each box is at
/// least 8 bytes long, so the walk ends after at most count ÷ 8 boxes.
extension MediaProbe {
    static let maxBoxDepth = 4

    struct Box {
        var type: String
        /// Where the box's contents start and where the box ends (exclusive).
        var body: Int
        var end: Int
    }

    static func mp4Info(_ reader: ByteReader) throws(MediaDefect) -> MediaInfo {
        var duration: Double?
        var size: (width: Int, height: Int)?
        var ranges = [(start: 0, end: reader.count, depth: 0)]
        var next = 0
        while next < ranges.count {
            let range = ranges[next]
            next += 1
            var offset = range.start
            // A box that cannot be read ends its container's walk; what was found before counts.
            while let box = readBox(reader, at: offset, within: range.end) {
                switch box.type {
                case "moov", "trak":
                    guard range.depth < maxBoxDepth else { throw .damaged("MP4 \(box.type)") }
                    ranges.append((box.body, box.end, range.depth + 1))
                case "mvhd":
                    duration = movieDuration(reader, box) ?? duration
                case "tkhd" where size == nil:
                    size = trackSize(reader, box)
                default:
                    break
                }
                offset = box.end
            }
        }
        guard duration != nil || size != nil else { throw .damaged("MP4 moov") }
        return MediaInfo(format: .mp4, width: size?.width, height: size?.height, durationSeconds: duration)
    }

    /// The box starting at `offset`, when its header and its whole length fit before `limit`.
    static func readBox(_ reader: ByteReader, at offset: Int, within limit: Int) -> Box? {
        guard let declared = reader.be32(offset), let typeBytes = reader.slice(offset + 4, 4) else { return nil }
        var length = declared
        var header = 8
        if declared == 1 {
            guard let large = reader.be64(offset + 8) else { return nil }
            length = large
            header = 16
        } else if declared == 0 {
            length = limit - offset
        }
        guard length >= header, let end = reader.end(of: offset, length: length), end <= limit else { return nil }
        return Box(type: String(decoding: typeBytes, as: UTF8.self), body: offset + header, end: end)
    }

    static func movieDuration(_ reader: ByteReader, _ box: Box) -> Double? {
        guard let version = reader.u8(box.body) else { return nil }
        let (scaleAt, unitsAt, unitsWidth) = version == 1 ? (20, 24, 8) : (12, 16, 4)
        guard let end = reader.end(of: box.body, length: unitsAt + unitsWidth), end <= box.end,
              let scale = reader.be32(box.body + scaleAt), scale > 0,
              let units = unitsWidth == 8 ? reader.be64(box.body + unitsAt) : reader.be32(box.body + unitsAt)
        else { return nil }
        return Double(units) / Double(scale)
    }

    static func trackSize(_ reader: ByteReader, _ box: Box) -> (width: Int, height: Int)? {
        guard let version = reader.u8(box.body) else { return nil }
        let sizeAt = box.body + (version == 1 ? 88 : 76)
        guard let end = reader.end(of: sizeAt, length: 8), end <= box.end,
              let width = reader.be32(sizeAt), let height = reader.be32(sizeAt + 4) else { return nil }
        let pixels = (width: width >> 16, height: height >> 16)
        return pixels.width > 0 && pixels.height > 0 ? pixels : nil
    }
}
