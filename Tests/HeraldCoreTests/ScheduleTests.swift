import Foundation
import HeraldCore
import HeraldFixtures
import Testing

@Suite("Scheduling across time zones and daylight saving")
struct ScheduleTests {
    static let berlin = TimeZoneName("Europe/Berlin")!
    static let newYork = TimeZoneName("America/New_York")!
    static let moscow = TimeZoneName("Europe/Moscow")!

    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    static func at(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int = 0) -> LocalDateTime {
        .init(year: y, month: m, day: d, hour: h, minute: min)
    }

    @Test("dates and times print zero-padded: 0007-03-09 05:00, 2026-12-31 23:59")
    func printed() {
        #expect(Self.at(7, 3, 9, 5).dateString == "0007-03-09" && Self.at(7, 3, 9, 5).timeString == "05:00")
        #expect(Self.at(2026, 12, 31, 23, 59).description == "2026-12-31 23:59")
        #expect(Self.at(2026, 1, 1, 0, 7).timeString == "00:07")
    }

    @Test("every named zone Foundation knows is accepted and opens as a TimeZone; abbreviations and offsets are not")
    func zones() {
        for name in TimeZone.knownTimeZoneIdentifiers where name.contains("/") {
            #expect(TimeZoneName(name)?.timeZone.identifier != nil, "\(name)")
        }
        #expect(TimeZoneName(" Europe/Berlin ")?.identifier == "Europe/Berlin" && TimeZoneName("UTC") != nil)
        for refused in ["EST", "GMT+3", "Europe/Atlantis", "", "/"] { #expect(TimeZoneName(refused) == nil, "\(refused)") }
    }

    @Test("out-of-range fields still print, the slow way: 12345-01-02, -0001-13-01")
    func printedOutOfRange() {
        #expect(Self.at(12345, 1, 2, 3).dateString == "12345-01-02")
        #expect(Self.at(-1, 13, 1, 100, 5).dateString == "-0001-13-01" && Self.at(-1, 13, 1, 100, 5).timeString == "100:05")
    }

    /// Day arithmetic and UTC fields are integer formulas (the calendar page uses them hundreds of
    /// times); they must agree with Foundation's Gregorian calendar on every day Herald can plan.
    @Test("days, weekdays and UTC fields agree with Foundation's calendar, 1900–2300")
    func agreesWithFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var day = Self.at(1900, 1, 1, 13, 45)
        var generator = SeededGenerator(seed: 1970)  // the same days on every run
        while day.year < 2300 {
            let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 13, minute: 45))!
            let step = Int.random(in: 1...9, using: &generator)
            let expected = calendar.dateComponents([.year, .month, .day, .weekday], from: calendar.date(byAdding: .day, value: step, to: date)!)
            let next = day.adding(days: step)
            #expect(next.year == expected.year && next.month == expected.month && next.day == expected.day, "\(day) + \(step)")
            // Foundation: Sunday 1 … Saturday 7; ISO: Monday 1 … Sunday 7.
            #expect(next.weekday == (expected.weekday! + 5) % 7 + 1, "\(next)")
            let instant = date.addingTimeInterval(Double.random(in: -86_400...86_400, using: &generator))
            let fields = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
            let local = Schedule.local(instant, in: TimeZoneName("UTC")!)
            #expect(local == .init(year: fields.year!, month: fields.month!, day: fields.day!, hour: fields.hour!, minute: fields.minute!),
                    "\(instant)")
            #expect(Schedule.instant(of: day, in: TimeZoneName("UTC")!).date == date)
            day = next
        }
        #expect(Self.at(2026, 3, 1, 0).adding(days: -1) == Self.at(2026, 2, 28, 0))
        #expect(Self.at(2028, 3, 1, 0).adding(days: -1) == Self.at(2028, 2, 29, 0))
        #expect(Self.at(2000, 2, 28, 0).adding(days: 1) == Self.at(2000, 2, 29, 0))
        #expect(Self.at(2100, 2, 28, 0).adding(days: 1) == Self.at(2100, 3, 1, 0))
        #expect(Schedule.local(Date(timeIntervalSince1970: -1), in: TimeZoneName("UTC")!) == Self.at(1969, 12, 31, 23, 59))
    }

    @Test("09:00 local stays 09:00 local on both sides of each change", arguments: [
        // Berlin: CET (+1) → CEST (+2) on 2026-03-29, back on 2026-10-25.
        (at(2026, 3, 28, 9), berlin, "2026-03-28T08:00:00Z"),
        (at(2026, 3, 30, 9), berlin, "2026-03-30T07:00:00Z"),
        (at(2026, 10, 24, 9), berlin, "2026-10-24T07:00:00Z"),
        (at(2026, 10, 26, 9), berlin, "2026-10-26T08:00:00Z"),
        // New York: EST (-5) → EDT (-4) on 2026-03-08, back on 2026-11-01.
        (at(2026, 3, 7, 9), newYork, "2026-03-07T14:00:00Z"),
        (at(2026, 3, 9, 9), newYork, "2026-03-09T13:00:00Z"),
        (at(2026, 10, 31, 9), newYork, "2026-10-31T13:00:00Z"),
        (at(2026, 11, 2, 9), newYork, "2026-11-02T14:00:00Z"),
        // Moscow has no daylight saving.
        (at(2026, 7, 1, 9), moscow, "2026-07-01T06:00:00Z"),
    ] as [(LocalDateTime, TimeZoneName, String)])
    func instants(local: LocalDateTime, zone: TimeZoneName, expected: String) {
        let (date, adjustment) = Schedule.instant(of: local, in: zone)
        #expect(date == Self.utc(expected))
        #expect(adjustment == nil)
        #expect(Schedule.local(date, in: zone) == local, "round trip")
    }

    @Test("a time in the spring-forward gap moves forward by the gap")
    func gap() {
        let (date, adjustment) = Schedule.instant(of: Self.at(2026, 3, 29, 2, 30), in: Self.berlin)
        #expect(date == Self.utc("2026-03-29T01:30:00Z"))
        #expect(Schedule.local(date, in: Self.berlin) == Self.at(2026, 3, 29, 3, 30))
        #expect(adjustment == .shiftedForward(minutes: 60))
        let (ny, nyAdjustment) = Schedule.instant(of: Self.at(2026, 3, 8, 2, 15), in: Self.newYork)
        #expect(ny == Self.utc("2026-03-08T07:15:00Z") && nyAdjustment == .shiftedForward(minutes: 60))
    }

    @Test("a time that happens twice takes the first occurrence")
    func ambiguous() {
        let (date, adjustment) = Schedule.instant(of: Self.at(2026, 10, 25, 2, 30), in: Self.berlin)
        #expect(date == Self.utc("2026-10-25T00:30:00Z"))
        #expect(adjustment == .firstOfTwo)
        let (ny, nyAdjustment) = Schedule.instant(of: Self.at(2026, 11, 1, 1, 30), in: Self.newYork)
        #expect(ny == Self.utc("2026-11-01T05:30:00Z") && nyAdjustment == .firstOfTwo)
    }

    @Test("form dates and times are validated with the field named", arguments: [
        ("2026-02-29", "09:00", "date"), ("2026-13-01", "09:00", "date"), ("30.03.2026", "09:00", "date"),
        ("2026-03-30", "24:00", "time"), ("2026-03-30", "9", "time"),
    ])
    func parsing(date: String, time: String, field: String) {
        do {
            _ = try LocalDateTime.parse(date: date, time: time)
            Issue.record("accepted \(date) \(time)")
        } catch {
            #expect(error.field == field)
        }
    }

    @Test("weekdays are ISO: Monday 1 … Sunday 7")
    func weekdays() throws {
        #expect(Self.at(2026, 3, 30, 0).weekday == 1)
        #expect(Self.at(2026, 3, 29, 0).weekday == 7)
        #expect(try LocalDateTime.parse(date: "2024-02-29", time: "00:00").weekday == 4)
    }

    @Test("next free slot skips taken ones and keeps local time across the change")
    func slots() {
        let slots = [WeeklySlot(weekday: 1, hour: 9, minute: 0), WeeklySlot(weekday: 3, hour: 18, minute: 30)]
        let sundayBefore = Self.utc("2026-10-25T10:00:00Z")
        let monday = WeeklySlot.nextFree(slots, after: sundayBefore, in: Self.berlin, taken: [])
        #expect(monday == Self.utc("2026-10-26T08:00:00Z"), "Monday 09:00 CET")
        let wednesday = WeeklySlot.nextFree(slots, after: sundayBefore, in: Self.berlin, taken: [monday!])
        #expect(wednesday == Self.utc("2026-10-28T17:30:00Z"))
        #expect(WeeklySlot.nextFree([], after: sundayBefore, in: Self.berlin, taken: []) == nil)
    }
}

@Suite("Campaign UTM tagging and fields")
struct CampaignCoreTests {
    let utm = UTMParameters(source: "{platform}", medium: "social", campaign: "spring_2026")

    @Test("links in a post get the campaign's parameters; existing ones are kept")
    func tagging() {
        let text = "Скидки: https://shop.ru/spring и https://shop.ru/a?utm_source=newsletter&x=1. Без ссылок: shop.ru"
        let tagged = utm.resolved(platform: .vk).tagLinks(in: text)
        #expect(tagged == "Скидки: https://shop.ru/spring?utm_source=vk&utm_medium=social&utm_campaign=spring_2026 и "
                + "https://shop.ru/a?utm_source=newsletter&x=1&utm_medium=social&utm_campaign=spring_2026. Без ссылок: shop.ru")
        #expect(UTMParameters().tagLinks(in: text) == text)
        #expect(utm.tag("mailto:a@b.c") == "mailto:a@b.c")
    }

    @Test("colour and date range")
    func fields() throws {
        #expect(try CampaignFields.colour(" #FFAA00 ") == "#ffaa00")
        #expect(throws: ValidationError.self) { try CampaignFields.colour("orange") }
        #expect(try CampaignFields.dates(start: "2026-03-01", end: "2026-03-31") == ("2026-03-01", "2026-03-31"))
        do { _ = try CampaignFields.dates(start: "2026-03-31", end: "2026-03-01") } catch { #expect(error.field == "ends_on") }
    }
}

@Suite("iCalendar")
struct ICalendarTests {
    @Test("escaping, UTC times, CRLF and folding at 75 octets without splitting characters")
    func render() {
        let start = ISO8601DateFormatter().date(from: "2027-03-29T07:00:00Z")!
        let text = ICalendar.render(name: "Herald", events: [
            .init(uid: "p1@herald", start: start, summary: "[Ромашка] Скидки; 50%, только сегодня",
                  description: String(repeating: "ж", count: 60) + "\nвторая строка", url: "https://herald.example/w/1/posts/1"),
        ], now: start)
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n"))
        #expect(text.contains("DTSTART:20270329T070000Z\r\n"))
        #expect(text.contains("DTEND:20270329T071500Z\r\n"))
        #expect(text.contains(#"SUMMARY:[Ромашка] Скидки\; 50%\, только сегодня"#))
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75, "\(line)") }
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("DESCRIPTION:" + String(repeating: "ж", count: 60) + "\\nвторая строка"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
    }
}
