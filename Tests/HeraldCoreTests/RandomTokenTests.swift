import Foundation
import HeraldCore
import Testing

@Suite("Random tokens")
struct RandomTokenTests {
    @Test("32 bytes give 43 URL-safe characters; a thousand are a thousand different ones")
    func tokens() {
        let tokens = (0..<1000).map { _ in RandomToken.make() }
        #expect(Set(tokens).count == 1000)
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        #expect(tokens.allSatisfy { $0.count == 43 && $0.allSatisfy(allowed.contains) })
        #expect(RandomToken.make(bytes: 16).count == 22)
        let codes = (0..<200).map { _ in RandomToken.make(length: 8, from: "AB23") }
        #expect(codes.allSatisfy { $0.count == 8 && $0.allSatisfy("AB23".contains) } && Set(codes).count > 150)
        #expect(Set(codes.joined()) == Set("AB23"), "every letter of the alphabet drawn")
    }

    @Test("raw bytes: exactly as many as asked, whatever the count against the eight each draw gives; every byte value and every position vary")
    func bytes() {
        #expect([0, 1, 7, 8, 9, 43, 64].allSatisfy { RandomToken.bytes($0).count == $0 })
        #expect(RandomToken.bytes(-3).isEmpty, "a negative count is none, not a crash")
        let draws = (0..<2_000).map { _ in RandomToken.bytes(43) }
        #expect(Set(draws.flatMap { $0 }).count == 256, "all byte values appear")
        // Each position (the last of a draw's eight included) takes many values: no byte left unfilled.
        #expect((0..<43).allSatisfy { position in Set(draws.map { $0[position] }).count > 200 })
    }

    @Test("URL-safe base64 reads back what it wrote, for every length; standard-alphabet or broken text is refused")
    func base64URLRoundTrip() {
        for count in 0..<70 {
            let bytes = Data(RandomToken.bytes(count))
            #expect(Data(base64URLEncoded: bytes.base64URLEncoded) == bytes, "\(count) bytes")
        }
        #expect(Data(base64URLEncoded: "_-8") == Data([0xFF, 0xEF]), "the URL-safe letters")
        #expect(Data(base64URLEncoded: "YQ==") == Data("a".utf8), "padding is allowed")
        for broken in ["/-8", "+_8", "a", "Y Q", "é", "YQ==="] { #expect(Data(base64URLEncoded: broken) == nil, "\(broken)") }
    }
}
