import Foundation

/// Minimal but well-formed headers of each format, built byte by byte.
public enum MediaFixtures {
    public static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    public static func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    public static func box(_ type: String, _ body: [UInt8]) -> [UInt8] { be32(body.count + 8) + Array(type.utf8) + body }

    public static func png(_ w: Int, _ h: Int) -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be32(13) + Array("IHDR".utf8) + be32(w) + be32(h)
            + [8, 6, 0, 0, 0] + [0, 0, 0, 0] + be32(0) + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82]
    }

    public static func jpeg(_ w: Int, _ h: Int) -> [UInt8] {
        [0xFF, 0xD8] + [0xFF, 0xE0] + be16(16) + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
            + [0xFF, 0xC0] + be16(17) + [8] + be16(h) + be16(w) + [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1] + [0xFF, 0xD9]
    }

    public static func gif(_ w: Int, _ h: Int) -> [UInt8] { Array("GIF89a".utf8) + [UInt8(w & 0xFF), UInt8(w >> 8), UInt8(h & 0xFF), UInt8(h >> 8), 0, 0, 0, 0x3B] }

    public static func webp(_ w: Int, _ h: Int) -> [UInt8] {
        let canvas = [UInt8((w - 1) & 0xFF), UInt8((w - 1) >> 8 & 0xFF), UInt8((w - 1) >> 16 & 0xFF),
                      UInt8((h - 1) & 0xFF), UInt8((h - 1) >> 8 & 0xFF), UInt8((h - 1) >> 16 & 0xFF)]
        let chunk = Array("VP8X".utf8) + [10, 0, 0, 0] + [0, 0, 0, 0] + canvas
        return Array("RIFF".utf8) + [UInt8(chunk.count + 4), 0, 0, 0] + Array("WEBP".utf8) + chunk
    }

    public static func mp4(_ w: Int, _ h: Int, seconds: Int) -> [UInt8] {
        let mvhd = box("mvhd", [0, 0, 0, 0] + be32(0) + be32(0) + be32(1000) + be32(seconds * 1000) + [UInt8](repeating: 0, count: 80))
        var tkhd = [UInt8](repeating: 0, count: 84)
        tkhd.replaceSubrange(76..<80, with: be32(w << 16))
        tkhd.replaceSubrange(80..<84, with: be32(h << 16))
        return box("ftyp", Array("isom".utf8) + be32(512) + Array("isomiso2mp41".utf8))
            + box("moov", mvhd + box("trak", box("tkhd", tkhd)))
    }
}

