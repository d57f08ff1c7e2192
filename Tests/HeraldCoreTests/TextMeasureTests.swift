import HeraldCore
import Testing

@Suite("Text measured the way each platform measures it")
struct TextMeasureTests {
    static let family = "👨‍👩‍👧‍👦"  // 4 emoji joined by 3 ZWJ: 1 grapheme, 25 UTF-8 bytes, 11 UTF-16 units
    static let thumbs = "👍🏽"  // emoji + skin tone: 1 grapheme, 8 bytes, 4 units

    struct Vector: Sendable, CustomTestStringConvertible {
        var text: String
        var graphemes: Int
        var utf8: Int
        var utf16: Int
        var x: Int
        var mastodon: Int
        var threads: Int
        var testDescription: String { text.count > 30 ? String(text.prefix(30)) + "…" : text }
    }

    static let vectors: [Vector] = [
        .init(text: "Привет", graphemes: 6, utf8: 12, utf16: 6, x: 6, mastodon: 6, threads: 6),
        .init(text: "日本語", graphemes: 3, utf8: 9, utf16: 3, x: 6, mastodon: 3, threads: 3),
        .init(text: thumbs, graphemes: 1, utf8: 8, utf16: 4, x: 2, mastodon: 1, threads: 8),
        .init(text: family, graphemes: 1, utf8: 25, utf16: 11, x: 2, mastodon: 1, threads: 25),
        .init(text: "e\u{301}", graphemes: 1, utf8: 3, utf16: 2, x: 1, mastodon: 1, threads: 1),
        .init(text: "“Да”", graphemes: 4, utf8: 10, utf16: 4, x: 4, mastodon: 4, threads: 4),
        .init(text: "Hi https://example.com/a/very/long/path?x=1", graphemes: 43, utf8: 43, utf16: 43,
              x: 26, mastodon: 26, threads: 43),
        .init(text: "see example.com", graphemes: 15, utf8: 15, utf16: 15, x: 27, mastodon: 15, threads: 15),
        .init(text: "Hello @alice@mastodon.social", graphemes: 28, utf8: 28, utf16: 28, x: 28, mastodon: 12, threads: 28),
        .init(text: "mail bob@example.com", graphemes: 20, utf8: 20, utf16: 20, x: 20, mastodon: 20, threads: 20),
        .init(text: "#1 and 1️⃣", graphemes: 8, utf8: 14, utf16: 10, x: 9, mastodon: 8, threads: 14),
        .init(text: "🇷🇺 флаг", graphemes: 6, utf8: 17, utf16: 9, x: 7, mastodon: 6, threads: 13),
    ]

    @Test("graphemes, bytes, UTF-16 units, X weight, Mastodon and Threads lengths", arguments: vectors)
    func measures(vector: Vector) {
        #expect(TextMeasure.graphemes(vector.text) == vector.graphemes, "graphemes")
        #expect(TextMeasure.utf8Bytes(vector.text) == vector.utf8, "utf8")
        #expect(TextMeasure.utf16Units(vector.text) == vector.utf16, "utf16")
        #expect(TextMeasure.xWeighted(vector.text) == vector.x, "x")
        #expect(TextMeasure.mastodon(vector.text) == vector.mastodon, "mastodon")
        #expect(TextMeasure.threads(vector.text) == vector.threads, "threads")
    }

    @Test("Mastodon counts each URL as the server's reserved length")
    func mastodonURLLength() {
        #expect(TextMeasure.mastodon("a https://x.org/" + String(repeating: "p", count: 200), urlLength: 30) == 32)
    }

    @Test("URLs: sentence punctuation is not part of a link; balanced parentheses are", arguments: [
        ("Go to https://example.com/a_(b).", ["https://example.com/a_(b)"]),
        ("(see https://example.com)", ["https://example.com"]),
        ("«https://ya.ru/search?q=тест»", ["https://ya.ru/search?q=тест"]),
        ("two: http://a.io, https://b.io!", ["http://a.io", "https://b.io"]),
    ])
    func urls(text: String, expected: [String]) {
        #expect(URLDetector.urls(in: text, allowBareDomains: false).map { String(text[$0]) } == expected)
    }

    @Test("bare domains count as links for X only with a known top-level domain", arguments: [
        ("visit example.com.", ["example.com"]),
        ("www.example.org/page", ["www.example.org/page"]),
        ("file.txt and версия 2.0", []),
        ("mail bob@example.com", []),
        ("сайт пример.рф", ["пример.рф"]),
    ])
    func bareDomains(text: String, expected: [String]) {
        #expect(URLDetector.urls(in: text, allowBareDomains: true).map { String(text[$0]) } == expected)
    }

    @Test("hashtags in any script; not numeric-only, not inside words or URLs")
    func hashtags() {
        let text = "#запуск #launch2026 #2026 a#b http://x.com/page#top #日本 #snake_case (#скидки)"
        #expect(Hashtags.extract(text) == ["запуск", "launch2026", "日本", "snake_case", "скидки"])
    }

    @Test("emoji detection: presentation emoji and emoji sequences, not plain symbols")
    func emoji() {
        for emoji in ["😀", Self.thumbs, Self.family, "1️⃣", "🇷🇺", "❤️"] {
            #expect(Character(emoji).isEmojiGlyph, "\(emoji)")
        }
        for plain in ["#", "1", "a", "ж", "©", "日"] {
            #expect(!Character(plain).isEmojiGlyph, "\(plain)")
        }
    }
}
