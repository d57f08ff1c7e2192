import Foundation
import HeraldCore
import Testing

@Suite("E-mail messages")
struct MailMessageTests {
    @Test("a Russian subject becomes encoded words that never split a character; ASCII stays as it is; no header can be injected")
    func subject() throws {
        let subject = "Нужно согласование в «Кофейня у дома»: зимняя распродажа 🎉"
        let encoded = MailMessage.encodedWord(subject)
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        let decoded = try words.map { word -> String in
            #expect(word.hasPrefix("=?utf-8?B?") && word.hasSuffix("?="))
            let bytes = try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
            #expect(bytes.count <= 45)
            return try #require(String(data: bytes, encoding: .utf8), "each word is whole UTF-8")
        }.joined()
        #expect(decoded == subject)
        #expect(MailMessage.encodedWord("Approved in Acme") == "Approved in Acme")
        #expect(MailMessage.encodedWord("Line\r\nBcc: x@y.example") == "Line  Bcc: x@y.example", "line breaks never reach the headers")
        for bad in ["a@b\r\nBcc: x@y", "<a@b>", "a b@c", "@b", "a@", "a@b@c", "\"a\"@b"] { #expect(!MailMessage.isAddress(bad), "\(bad)") }
        #expect(MailMessage.isAddress("olga.o+herald@agency.example"))
    }

    @Test("the body is base64 UTF-8 in lines of at most 76 characters, with CRLF line ends")
    func body() throws {
        let text = "Первая строка\nвторая " + String(repeating: "длинная ", count: 50)
        let rendered = MailMessage(from: "h@a.example", to: "o@a.example", subject: "S", text: text).rendered(messageID: "m@h")
        let parts = rendered.components(separatedBy: "\r\n\r\n")
        #expect(parts[0].contains("Content-Transfer-Encoding: base64") && parts[0].contains("Message-ID: <m@h>"))
        let lines = parts[1].components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.allSatisfy { $0.count <= 76 })
        let decoded = try #require(Data(base64Encoded: lines.joined()))
        #expect(String(decoding: decoded, as: UTF8.self) == text.replacingOccurrences(of: "\n", with: "\r\n"))
    }
}
