import Foundation
import HeraldCore
import HeraldFixtures
import Testing

/// `JSONWriter` must write what `JSONEncoder` writes, byte for byte: the API's hand-written list
/// and every connector's request body depend on it.
@Suite("JSON written by hand: JSONEncoder's bytes for strings, UUIDs and ISO 8601 dates")
struct JSONWriterTests {
    private struct Box<Value: Encodable>: Encodable { var value: Value }

    /// What `JSONEncoder` writes for `value` inside `{"value":…}`, without the wrapper.
    private func encoded<Value: Encodable>(_ value: Value, slashes: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = slashes ? [.sortedKeys] : [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(Box(value: value)), as: UTF8.self)
        return String(text.dropFirst("{\"value\":".count).dropLast())
    }

    private func written(_ write: (inout JSONWriter) -> Void, slashes: Bool = true) -> String {
        var writer = JSONWriter(escapesSlashes: slashes)
        write(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test("dates: 20,000 seeded moments from 1970 to 9999, fractions included, and the edges")
    func dates() throws {
        var random = SeededGenerator(seed: 20261207)
        var moments: [Date] = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 0.999_999), Date(timeIntervalSince1970: 1e-6),
            Date(timeIntervalSince1970: 951_782_400), // 2000-02-29
            Date(timeIntervalSince1970: 4_107_542_399.5), // 2100-02-28T23:59:59.5 (2100 has no 29 February)
            Date(timeIntervalSince1970: 253_402_300_799.999), // 9999-12-31T23:59:59.999
            Date(timeIntervalSince1970: 253_402_300_800), // 10000: Foundation's own form
            Date(timeIntervalSince1970: -1), Date(timeIntervalSince1970: -0.5), Date(timeIntervalSince1970: -86_400 * 365.25 * 300),
            Date(timeIntervalSinceReferenceDate: 0), Date(timeIntervalSinceReferenceDate: -0.25),
        ]
        for _ in 0..<20_000 {
            let seconds = Double.random(in: 0..<253_402_300_800, using: &random)
            let micro = (seconds * 1e6).rounded(.down) / 1e6 // as PostgreSQL stores them
            moments.append(Date(timeIntervalSince1970: Bool.random(using: &random) ? micro : seconds.rounded(.down)))
        }
        for moment in moments {
            let expected = try encoded(moment, slashes: true)
            #expect(written { $0.iso8601(moment) } == expected, "\(moment.timeIntervalSince1970)")
        }
    }

    @Test("strings and UUIDs: the same bytes as JSONEncoder, with slashes escaped or kept")
    func stringsAndUUIDs() throws {
        var random = SeededGenerator(seed: 7)
        let pieces = ["a", "Пост", "\"", "\\", "/", "</script>", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{8}", "\u{B}", "\u{C}",
                      "\u{1F}", "\u{7F}", "é", "☕️", "👩‍👩‍👧", "\u{2028}", "\u{FEFF}", "https://example.com/a?b=c&d"]
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            for slashes in [true, false] {
                #expect(written({ $0.string(text) }, slashes: slashes) == (try encoded(text, slashes: slashes)), "\(text.debugDescription)")
            }
            let id = UUID(uuid: (UInt8.random(in: 0...255, using: &random), 0xAB, 0x0F, 0xF0, 0x00, 0xFF, 0x19, 0x9A,
                                 UInt8.random(in: 0...255, using: &random), 0xC3, 0x3C, 0x5E, 0xE5, 0x70, 0x07, UInt8.random(in: 0...255, using: &random)))
            #expect(written { $0.uuid(id) } == (try encoded(id, slashes: true)))
        }
    }

    @Test("commas and nesting: objects, arrays and members are separated as JSONEncoder separates them")
    func structure() {
        let text = written { writer in
            writer.beginObject()
            writer.key("a"); writer.beginArray(); writer.int(1); writer.beginObject(); writer.endObject(); writer.beginArray()
            writer.endArray(); writer.null(); writer.bool(false); writer.endArray()
            writer.key("b"); writer.beginObject(); writer.key("c"); writer.double(0.5); writer.key("d"); writer.string("e"); writer.endObject()
            writer.endObject()
        }
        #expect(text == #"{"a":[1,{},[],null,false],"b":{"c":0.5,"d":"e"}}"#)
    }
}
