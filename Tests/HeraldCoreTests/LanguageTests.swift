import HeraldCore
import Testing

@Suite("Language negotiation")
struct LanguageTests {
    @Test("Accept-Language picks the best supported language", arguments: [
        ("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", Language.ru),
        ("en-US,en;q=0.9", .en),
        ("de-DE,de;q=0.9,ru;q=0.5,en;q=0.4", .ru),
        ("de, fr", nil),
        ("en;q=0.2, ru;q=0.8", .ru),
        ("ru;q=0, en", .en),
        ("RU", .ru),
        ("", nil),
        ("*", nil),
    ] as [(String, Language?)])
    func negotiate(header: String, expected: Language?) {
        #expect(Language.negotiate(acceptLanguage: header) == expected)
    }

    @Test("every catalogue entry has English and Russian, with the same placeholders")
    func catalogue() {
        for key in L.allCases {
            let (en, ru) = key.texts
            #expect(!en.isEmpty && !ru.isEmpty, "\(key)")
            for index in 0..<4 {
                #expect(en.contains("{\(index)}") == ru.contains("{\(index)}"), "\(key) placeholder {\(index)}")
            }
        }
    }

    @Test("localized text fills placeholders in the reader's language")
    func rendering() {
        let text = LocalizedText(.errorTooLong, "120", "3")
        #expect(text.rendered(in: .en) == "At most 120 characters; this is 3 too many.")
        #expect(text.rendered(in: .ru) == "Не более 120 символов; лишних — 3.")
    }
}
