@testable import HeraldCore
import HeraldFixtures
import Testing

@Suite("Media probe")
struct MediaProbeTests {
    @Test("type from the bytes, with size and duration", arguments: [
        (MediaFixtures.png(1080, 1350), MediaFormat.png, 1080, 1350, Double?.none),
        (MediaFixtures.jpeg(1920, 1080), .jpeg, 1920, 1080, nil),
        (MediaFixtures.gif(480, 270), .gif, 480, 270, nil),
        (MediaFixtures.webp(1200, 628), .webp, 1200, 628, nil),
        (MediaFixtures.mp4(1280, 720, seconds: 42), .mp4, 1280, 720, 42),
    ] as [([UInt8], MediaFormat, Int, Int, Double?)])
    func probe(bytes: [UInt8], format: MediaFormat, width: Int, height: Int, duration: Double?) throws {
        let info = try MediaProbe.probe(bytes)
        #expect(info == MediaInfo(format: format, width: width, height: height, durationSeconds: duration))
    }

    @Test("other files are refused, whatever they are called; damaged headers too")
    func refusals() {
        for bytes in [Array("%PDF-1.7".utf8), Array("<svg xmlns=".utf8), [UInt8](repeating: 0, count: 64), []] {
            do { _ = try MediaProbe.probe(bytes); Issue.record("accepted \(bytes.prefix(8))") } catch {
                #expect(error.code == "unsupported_media")
            }
        }
        do { _ = try MediaProbe.probe(Array(MediaFixtures.png(10, 10).prefix(12))) } catch { #expect(error.code == "corrupt_media") }
        do { _ = try MediaProbe.probe([0xFF, 0xD8, 0xFF, 0xE0, 0, 2]) } catch { #expect(error.code == "corrupt_media") }
    }
}

@Suite("Media probe against hostile files")
struct MediaProbeHostileTests {
    let ftyp = MediaFixtures.box("ftyp", Array("isom".utf8) + MediaFixtures.be32(512))

    @Test("a version-1 mvhd cut short (44 bytes) is damaged, not a crash")
    func shortVersionOneMovieHeader() {
        let file = ftyp + MediaFixtures.be32(0x1C) + Array("mvhd".utf8) + [1] + [UInt8](repeating: 0, count: 19)
        #expect(file.count == 44)
        #expect(throws: ValidationError(code: "corrupt_media", field: "file", message: .init(.mediaCorrupt, "clip.mp4", "MP4 moov"))) {
            try MediaProbe.probe(file, fileName: "clip.mp4")
        }
    }

    @Test("a 64-bit box size near Int.max is damaged, not an overflow")
    func hugeBoxSize() {
        let file = ftyp + MediaFixtures.be32(1) + Array("moov".utf8) + [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        #expect(throws: ValidationError.self) { try MediaProbe.probe(file) }
        let unsigned = ftyp + MediaFixtures.be32(1) + Array("moov".utf8) + [UInt8](repeating: 0xFF, count: 8)
        #expect(throws: ValidationError.self) { try MediaProbe.probe(unsigned) }
    }

    @Test("boxes nested without end are refused, not recursed into")
    func deepNesting() throws {
        var inner = MediaFixtures.box("mvhd", [0] + [UInt8](repeating: 0, count: 11) + MediaFixtures.be32(1000) + MediaFixtures.be32(5000))
        for _ in 0..<20_000 { inner = MediaFixtures.box("moov", inner) }
        #expect(throws: ValidationError.self) { try MediaProbe.probe(ftyp + inner) }
        // Four levels are what a real file has (moov → trak → tkhd), and they still read.
        #expect(try MediaProbe.probe(MediaFixtures.mp4(640, 360, seconds: 3)).width == 640)
    }

    @Test("sizes a header claims are checked: none, or more than any platform takes", arguments: [
        (MediaFixtures.png(0, 0), "media_without_pixels"),
        (MediaFixtures.png(100_000, 100_000), "media_too_many_pixels"),
        (MediaFixtures.png(30_000, 30_000), "media_too_many_pixels"),
        (MediaFixtures.gif(0, 10), "media_without_pixels"),
        (MediaFixtures.jpeg(65_535, 65_535), "media_too_many_pixels"),
        (MediaFixtures.png(Int(UInt32.max), 1), "media_too_many_pixels"),
    ])
    func claimedSizes(bytes: [UInt8], code: String) {
        do {
            _ = try MediaProbe.probe(bytes, fileName: "poster.png")
            Issue.record("accepted")
        } catch {
            #expect(error.code == code)
            #expect(error.message.rendered(in: .en).hasPrefix("“poster.png” says its picture is"))
        }
    }
}

@Suite("PNG cards for the demo")
struct PNGCardTests {
    @Test("a valid PNG: signature, IHDR size, stored deflate with the right Adler-32, chunk CRCs")
    func png() throws {
        let data = PNGCard.make(width: 300, height: 250, colours: ((1, 2, 3), (250, 240, 230)))
        let info = try MediaProbe.probe(Array(data))
        #expect(info.format == .png && info.width == 300 && info.height == 250)
        #expect(Array(data.suffix(12)) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82], "IEND with its known CRC")
        let raw = [UInt8](repeating: 7, count: 70_000) + Array("abc".utf8)
        let zlib = PNGCard.zlibStored(raw)
        #expect(zlib.count == 2 + 5 * 2 + raw.count + 4, "two stored blocks")
        #expect(PNGCard.zlibStored(Array("abc".utf8)).suffix(4) == [0x02, 0x4D, 0x01, 0x27], "Adler-32 of “abc”")
        #expect(PNGCard.crc32(Array("IEND".utf8)) == 0xAE42_6082)
    }
}
