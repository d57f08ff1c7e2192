import Foundation
import HeraldCore
import Testing

@Suite("Input validation")
struct ValidationTests {
    @Test("IANA zones are accepted; abbreviations and offsets are not", arguments: [
        ("Europe/Moscow", true), ("America/New_York", true), ("UTC", true), ("Asia/Yekaterinburg", true),
        ("Mars/Olympus", false), ("EST", false), ("GMT+3", false), ("", false), ("europe/moscow", false),
    ])
    func timeZones(name: String, valid: Bool) {
        #expect((TimeZoneName(name) != nil) == valid)
    }

    @Test("an invalid zone names the field and the value")
    func timeZoneError() {
        #expect(throws: ValidationError.self) { try TimeZoneName.parse("Moscow", field: "time_zone") }
        do {
            _ = try TimeZoneName.parse("Moscow", field: "time_zone")
        } catch {
            #expect(error.field == "time_zone")
            #expect(error.code == "invalid_time_zone")
            #expect(error.message.rendered(in: .en).contains("“Moscow”"))
        }
    }

    @Test("e-mail addresses are normalised and checked", arguments: [
        (" Anna@Example.COM ", "anna@example.com"), ("a.b+c@mail.ru", "a.b+c@mail.ru"),
        ("no-at-sign", nil), ("two@@example.com", nil), ("a@nodot", nil), ("a b@example.com", nil), ("@example.com", nil),
    ] as [(String, String?)])
    func emails(raw: String, expected: String?) {
        #expect(EmailAddress(raw)?.value == expected)
    }

    @Test("names: required, single line, bounded")
    func names() throws {
        #expect(try Fields.name("  Acme  ", field: "name") == "Acme")
        #expect(throws: ValidationError.self) { try Fields.name("   ", field: "name") }
        #expect(throws: ValidationError.self) { try Fields.name("a\nb", field: "name") }
        do {
            _ = try Fields.name(String(repeating: "я", count: 125), field: "name")
            Issue.record("accepted an over-long name")
        } catch {
            #expect(error.code == "too_long")
            #expect(error.message.rendered(in: .en) == "At most 120 characters; this is 5 too many.")
        }
    }

    @Test("passwords: at least 10 characters, at most 72 bytes (bcrypt's limit)")
    func passwords() throws {
        #expect(throws: ValidationError.self) { try Fields.newPassword("short", field: "password") }
        #expect(try Fields.newPassword("ten chars!", field: "password") == "ten chars!")
        // 37 Cyrillic letters are 74 bytes: over bcrypt's limit though only 37 characters.
        #expect(throws: ValidationError.self) { try Fields.newPassword(String(repeating: "ж", count: 37), field: "password") }
    }

    @Test("roles and platforms are parsed with the allowed values in the message")
    func enums() throws {
        #expect(try Fields.role(" Editor ", field: "role") == .editor)
        do {
            _ = try Fields.role("boss", field: "role")
        } catch {
            #expect(error.message.rendered(in: .en).contains("owner, admin, editor, approver, viewer"))
        }
        #expect(try Platform.parse("VK", field: "platform") == .vk)
        #expect(throws: ValidationError.self) { try Platform.parse("myspace", field: "platform") }
    }

    @Test("dates are shown in the workspace zone, not UTC")
    func dateDisplay() {
        let instant = Date(timeIntervalSince1970: 1_767_258_000)  // 2026-01-01 09:00 UTC
        let moscow = DateDisplay.dateTime(instant, in: TimeZoneName("Europe/Moscow")!, language: .en)
        #expect(moscow.contains("12:00"))
    }
}
