import Foundation
import HeraldConnectors
import HeraldFixtures
import Testing

@Suite("JSON bodies written by hand: what JSONEncoder wrote, byte for byte")
struct JSONValueTests {
    /// Strings with what JSON must escape, what it must not, and text from beyond ASCII.
    static let pieces = ["a", "Пост", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{8}", "\u{C}", "\u{1F}", "\u{7F}",
                         " ", "é", "☕️", "👩‍👩‍👧", "\u{2028}", "<script>", "&amp;", "key", "Key", "ключ", "_", "10", "9"]

    static func string(_ random: inout SeededGenerator) -> String {
        (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    static func value(_ random: inout SeededGenerator, depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 4 : 7), using: &random) {
        case 0: return .string(string(&random))
        case 1: return .int(Int.random(in: Int.min...Int.max, using: &random) >> Int.random(in: 0...63, using: &random))
        case 2: return .bool(Bool.random(using: &random))
        case 3: return .null
        case 4, 5:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &random) { members[string(&random)] = value(&random, depth: depth + 1) }
            return .object(members)
        default: return .array((0..<Int.random(in: 0...5, using: &random)).map { _ in value(&random, depth: depth + 1) })
        }
    }

    @Test("2,000 seeded documents: the same bytes as JSONEncoder (sorted keys, slashes kept), and they read back")
    func sameAsEncoder() throws {
        var random = SeededGenerator(seed: 20261207)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for index in 0..<2_000 {
            let document = Self.value(&random)
            let written = try document.encoded()
            let old = try encoder.encode(document)
            #expect(written == old, "document \(index): \(String(decoding: written, as: UTF8.self)) — JSONEncoder: \(String(decoding: old, as: UTF8.self))")
            #expect((try JSONDecoder().decode(JSONValue.self, from: written)) == document, "document \(index)")
        }
    }

    @Test("numbers: doubles read back exactly; infinity and NaN are refused")
    func numbers() throws {
        for number in [0.5, -0.0, 1e-7, 123456.789, 1e300, -2.5e-300, Double.leastNonzeroMagnitude, 3.0] {
            let written = try JSONValue.array([.double(number)]).encoded()
            let read = try JSONSerialization.jsonObject(with: written) as? [NSNumber]
            #expect(read?.first?.doubleValue == number, "\(number) written as \(String(decoding: written, as: UTF8.self))")
        }
        #expect(throws: JSONValue.NotANumber.self) { try JSONValue.double(.infinity).encoded() }
        #expect(throws: JSONValue.NotANumber.self) { try JSONValue.object(["x": .array([.double(.nan)])]).encoded() }
    }
}
