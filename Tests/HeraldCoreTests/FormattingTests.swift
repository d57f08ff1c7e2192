import HeraldCore
import Testing

@Suite("Formatting per platform")
struct FormattingTests {
    static let post = "Привет @alice.bsky.social! Смотри https://example.com/путь #запуск 👋🏽 #launch"

    @Test("Bluesky facets carry UTF-8 byte offsets, across Cyrillic and emoji")
    func blueskyFacets() {
        let facets = BlueskyRichText.facets(for: Self.post) { $0 == "alice.bsky.social" ? "did:plc:abc123" : nil }
        #expect(facets == [
            .init(byteStart: 13, byteEnd: 31, feature: .mention(did: "did:plc:abc123")),
            .init(byteStart: 46, byteEnd: 74, feature: .link(uri: "https://example.com/путь")),
            .init(byteStart: 75, byteEnd: 88, feature: .tag("запуск")),
            .init(byteStart: 98, byteEnd: 105, feature: .tag("launch")),
        ])
        let bytes = Array(Self.post.utf8)
        #expect(String(decoding: bytes[75..<88], as: UTF8.self) == "#запуск")
    }

    @Test("unresolvable mentions stay plain; bare domains link with https; tags over 64 graphemes are not facets")
    func blueskyEdges() {
        let facets = BlueskyRichText.facets(for: "@nobody.test see example.com #" + String(repeating: "я", count: 65))
        #expect(facets.count == 1)
        #expect(facets.first?.feature == .link(uri: "https://example.com"))
    }

    @Test("Telegram: HTML and MarkdownV2 escaping")
    func telegramEscaping() {
        #expect(TelegramText.html("a < b && c > d") == "a &lt; b &amp;&amp; c &gt; d")
        #expect(TelegramText.markdownV2("Скидка -50%! (только сегодня) #sale 1.5x")
                == ##"Скидка \-50%\! \(только сегодня\) \#sale 1\.5x"##)
        #expect(TelegramText.markdownV2(#"C:\path_1"#) == #"C:\\path\_1"#)
    }

    @Test("Telegram entities use UTF-16 offsets (a ZWJ family is 11 units)")
    func telegramEntities() {
        let entities = TelegramText.entities(for: "Скидки 50%! 👨‍👩‍👧‍👦 https://shop.ru #sale")
        #expect(entities == [
            .init(type: "url", offset: 24, length: 15, url: nil),
            .init(type: "hashtag", offset: 40, length: 5, url: nil),
        ])
    }

    @Test("LinkedIn little text: reserved characters escaped, hashtags and mentions as templates")
    func linkedIn() {
        #expect(LinkedInLittleText.escape("a_b (c) [d] <e> *f* ~g~ {h} | @i #j \\k")
                == ##"a\_b \(c\) \[d\] \<e\> \*f\* \~g\~ \{h\} \| \@i \#j \\k"##)
        let commentary = LinkedInLittleText.commentary(
            "Launch with @acme! #новинка (beta)",
            mentions: ["acme": .init(name: "Acme Inc.", urn: "urn:li:organization:123")])
        #expect(commentary == ##"Launch with @[Acme Inc.](urn:li:organization:123)! {hashtag|\#|новинка} \(beta\)"##)
    }
}
