@testable import HeraldCore
import HeraldTestSupport
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
