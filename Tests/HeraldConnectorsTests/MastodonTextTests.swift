@testable import HeraldConnectors
import HeraldEmulators
import Testing

@Suite("Recognising Herald's text in Mastodon's HTML")
struct MastodonTextTests {
    @Test("paragraphs, line breaks, escaped characters and split links reduce to the text that was sent", arguments: [
        "Пост номер 5",
        "Скидки & «акции» <сегодня>\nвторая строка\n\nновый абзац",
        "Читайте https://example.com/a/very/long/path/that/mastodon/shortens?utm_source=mastodon #кофе",
        "Кавычки \"двойные\" и 'одинарные' ☕️",
    ])
    func roundTrip(text: String) {
        let html = MastodonEmulator.html(text)
        #expect(MastodonText.comparable(MastodonText.plain(fromHTML: html)) == MastodonText.comparable(text), "\(html)")
        // What the inbox shows: the text as written, its lines and paragraphs kept.
        #expect(MastodonText.readable(fromHTML: html) == text, "\(html)")
    }

    @Test("entities: named, decimal, hexadecimal; a stray ampersand stays")
    func entities() {
        #expect(HTMLEntities.decode("a &amp; b &lt;c&gt; &#1082;&#x43E;&#x444;&#1077; & d &bogus;") == "a & b <c> кофе & d &bogus;")
        #expect(MastodonText.plain(fromHTML: nil) == "")
    }
}
