import Foundation
import HeraldCore
import HeraldFixtures
import HeraldStore
import HeraldTestSupport
@testable import HeraldWeb
import Testing

/// Escaping is what keeps people's text from becoming markup on every page.
@Suite("HTML escaping")
struct HTMLEscapeTests {
    /// The straightforward definition, character by character.
    static func reference(_ text: String) -> String {
        text.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&#39;"
            default: String(scalar)
            }
        }.joined()
    }

    @Test("the five characters are escaped, everything else (Cyrillic, emoji, combining marks) kept; matches the definition on 5,000 random strings")
    func escape() {
        #expect(HTML.escape(#"<a href="x">Tom & 'Jerry'</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
        #expect(HTML.escape("Кофе ☕️ é́ 👩‍👩‍👧") == "Кофе ☕️ é́ 👩‍👩‍👧")
        #expect(HTML.escape("") == "")
        // Every ASCII character alone and inside text (the check for the five is a bit test).
        for scalar in (0..<128).compactMap(Unicode.Scalar.init) {
            for text in [String(scalar), "ab\(scalar)cd"] { #expect(HTML.escape(text) == Self.reference(text), "\(text.debugDescription)") }
        }
        let alphabet: [String] = ["a", "Я", "&", "<", ">", "\"", "'", "☕️", "👩‍👩‍👧", "\u{301}", " ", "\n", "ё", "&amp;"]
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<5000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            #expect(HTML.escape(text) == Self.reference(text), "\(text.debugDescription)")
        }
    }

    @Test("a post's text with markup shows as text on the calendar list and the post page")
    func pages() async throws {
        try await withHerald { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let post = Post(workspaceID: w, authorID: nil, text: #"<script>alert('x')</script> & "Кофе""#)
            post.statusName = PostStatus.scheduled.rawValue
            post.scheduledAt = try #require(ISO8601DateFormatter().date(from: "2031-05-05T09:00:00Z"))
            try await post.create(on: app.db)
            let id = try post.requireID()
            for path in ["/w/\(w)/calendar?view=list&date=2031-05-01", "/w/\(w)/calendar?view=month&date=2031-05-05", "/w/\(w)/posts/\(id)"] {
                let page = try await owner.get(path)
                #expect(!page.text.contains("<script>alert"), "\(path)")
                #expect(page.text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "\(path)")
            }
        }
    }
}
