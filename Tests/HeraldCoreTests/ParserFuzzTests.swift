@testable import HeraldCore
import Foundation
import HeraldFixtures
import Testing

/// Thousands of damaged files built from real ones (made by ImageMagick, cwebp and ffmpeg, kept in
/// Samples/) and from the byte-built fixtures, through the parsers that read what people upload.
/// The mutations are drawn from a seeded generator, so a failure names a seed and round that
/// reproduce it on any machine.
@Suite("Parsers of outside bytes, fuzzed")
struct ParserFuzzTests {
    static let rounds = 1_500

    static let samples: [(name: String, bytes: [UInt8])] = {
        let folder = Bundle.module.url(forResource: "Samples", withExtension: nil)!
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        let real = files.sorted { $0.lastPathComponent < $1.lastPathComponent }
            .map { ($0.lastPathComponent, [UInt8]((try? Data(contentsOf: $0)) ?? Data())) }
        return real + [
            ("fixture.png", MediaFixtures.png(1080, 1350)), ("fixture.jpg", MediaFixtures.jpeg(1920, 1080)),
            ("fixture.gif", MediaFixtures.gif(480, 270)), ("fixture.webp", MediaFixtures.webp(1200, 628)),
            ("fixture.mp4", MediaFixtures.mp4(1280, 720, seconds: 42)),
        ]
    }()

    static let mediaCodes: Set<String> = ["unsupported_media", "corrupt_media", "media_without_pixels", "media_too_many_pixels"]

    @Test("the real samples read as what they are")
    func samplesRead() throws {
        let expected: [String: (MediaFormat, Int, Int, Double?)] = [
            "alpha.png": (.png, 33, 21, nil), "rgb.png": (.png, 40, 30, nil),
            "baseline.jpg": (.jpeg, 64, 48, nil), "progressive.jpg": (.jpeg, 64, 48, nil),
            "small.gif": (.gif, 24, 16, nil), "lossy.webp": (.webp, 64, 48, nil),
            "lossless.webp": (.webp, 40, 30, nil), "alpha.webp": (.webp, 33, 21, nil),
            "clip.mp4": (.mp4, 96, 64, 1.0), "clip.mov": (.mp4, 80, 48, 2.0),
        ]
        #expect(Set(Self.samples.map(\.name)).isSuperset(of: expected.keys), "every sample file is in the bundle")
        for (name, bytes) in Self.samples {
            guard let (format, width, height, duration) = expected[name] else { continue }
            let info = try MediaProbe.probe(bytes, fileName: name)
            #expect(info.format == format && info.width == width && info.height == height, "\(name)")
            if let duration { #expect(abs((info.durationSeconds ?? 0) - duration) < 0.05, "\(name)") }
        }
    }

    @Test("mutated and truncated media: never a crash or a hang; a clear error naming the file, or sane sizes",
          .timeLimit(.minutes(2)))
    func media() {
        for (index, sample) in Self.samples.enumerated() {
            var generator = SeededGenerator(seed: 0x4865_7261_6C64 &+ UInt64(index))
            for round in 0..<Self.rounds {
                let bytes = Mutator.mutate(sample.bytes, using: &generator)
                do {
                    let info = try MediaProbe.probe(bytes, fileName: sample.name)
                    if let width = info.width, let height = info.height {
                        #expect(width > 0 && height > 0 && width <= MediaProbe.maxSide && height <= MediaProbe.maxSide,
                                "\(sample.name) round \(round)")
                    }
                    if let duration = info.durationSeconds { #expect(duration.isFinite && duration >= 0) }
                } catch {
                    #expect(Self.mediaCodes.contains(error.code), "\(sample.name) round \(round): \(error.code)")
                    for language in Language.allCases {
                        let sentence = error.message.rendered(in: language)
                        #expect(sentence.contains(sample.name) && !sentence.contains("{"), "\(sentence)")
                    }
                }
            }
        }
    }

    @Test("mutated CSV: never a crash; a table whose rows match the header, or an error with the line")
    func csv() {
        let sample = Array("""
            date,time,time_zone,channels,text,campaign
            2027-06-01,09:00,Europe/Moscow,VK;Telegram,"Скидки до 30 % — «кофе дня» ☕️, ""латте""
            вторая строка",Осень
            2027-06-02,18:30,Europe/Berlin,Mastodon,Plain text #coffee,

            """.utf8)
        let codes: Set<String> = ["csv_unclosed_quote", "csv_empty", "csv_field_count", "csv_invalid_utf8", "csv_nul_byte"]
        var generator = SeededGenerator(seed: 0x4353_56)
        for round in 0..<(Self.rounds * 4) {
            let bytes = Mutator.mutate(sample, using: &generator)
            do {
                let table = try CSVTable.parse(bytes: bytes)
                #expect(table.rows.allSatisfy { $0.fields.count == table.header.count }, "round \(round)")
            } catch {
                #expect(codes.contains(error.code), "round \(round): \(error.code)")
                #expect(!error.message.rendered(in: .en).contains("{"))
            }
        }
    }
}

/// The damage real uploads suffer and hostile ones are made of: cut short, bits flipped, size
/// fields set to values at the edges of their width, pieces repeated or removed.
enum Mutator {
    static let edgeBytes: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF]
    static let edgeWords: [UInt32] = [0, 1, 7, 8, 16, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE, 0xFFFF_FFFF]

    static func mutate(_ original: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        var bytes = original
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            guard !bytes.isEmpty else { return bytes }
            let at = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<7, using: &generator) {
            case 0:
                bytes.removeSubrange(at...)
            case 1:
                bytes[at] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
            case 2:
                bytes[at] = edgeBytes.randomElement(using: &generator)!
            case 3:
                let word = edgeWords.randomElement(using: &generator)!
                for shift in 0..<4 where at + shift < bytes.count { bytes[at + shift] = UInt8(word >> (24 - 8 * UInt32(shift)) & 0xFF) }
            case 4:
                // A 64-bit box size: the size field 1, then a huge length.
                let huge: [UInt8] = [0, 0, 0, 1] + Array(bytes[min(at + 4, bytes.count)..<min(at + 8, bytes.count)])
                    + [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
                bytes.replaceSubrange(at..<min(at + huge.count, bytes.count), with: huge)
            case 5:
                let end = min(bytes.count, at + Int.random(in: 1...64, using: &generator))
                bytes.insert(contentsOf: bytes[at..<end], at: at)
            default:
                bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...32, using: &generator)))
            }
        }
        return bytes
    }
}
