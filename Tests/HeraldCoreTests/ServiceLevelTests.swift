import Foundation
@testable import HeraldCore
import Testing

/// Issue 13, point 5: service-level timers count business hours only — across nights, weekends,
/// days off, time zones and daylight-saving changes.
@Suite("Service levels")
struct ServiceLevelTests {
    static let berlin = TimeZoneName("Europe/Berlin")!
    static let moscow = TimeZoneName("Europe/Moscow")!

    static func at(_ text: String, _ zone: TimeZoneName) -> Date {
        let parts = text.split(separator: " ")
        let local = try! LocalDateTime.parse(date: String(parts[0]), time: String(parts[1]))
        return Schedule.instant(of: local, in: zone).date
    }

    @Test("nights and weekends do not count; a deadline lands in the next open hours")
    func weekend() {
        let hours = BusinessHours.standard  // Mon–Fri 09:00–18:00
        // Friday 2026-12-04 17:00 → Monday 10:00 Berlin: one hour on Friday, one on Monday.
        #expect(hours.elapsed(from: Self.at("2026-12-04 17:00", Self.berlin), to: Self.at("2026-12-07 10:00", Self.berlin), in: Self.berlin) == 7200)
        // Four business hours from Friday 16:00: two on Friday, two on Monday → Monday 11:00.
        #expect(hours.deadline(from: Self.at("2026-12-04 16:00", Self.berlin), adding: 4 * 3600, in: Self.berlin) == Self.at("2026-12-07 11:00", Self.berlin))
        // Arriving on Saturday: the clock starts Monday at nine.
        #expect(hours.deadline(from: Self.at("2026-12-05 12:00", Self.berlin), adding: 3600, in: Self.berlin) == Self.at("2026-12-07 10:00", Self.berlin))
        #expect(hours.elapsed(from: Self.at("2026-12-05 12:00", Self.berlin), to: Self.at("2026-12-06 20:00", Self.berlin), in: Self.berlin) == 0)
    }

    @Test("days off are skipped; the same instant counts by the workspace's own zone")
    func holidaysAndZones() {
        var hours = BusinessHours.standard
        hours.holidays = ["2026-12-07"]
        #expect(hours.deadline(from: Self.at("2026-12-04 17:00", Self.berlin), adding: 2 * 3600, in: Self.berlin) == Self.at("2026-12-08 10:00", Self.berlin))
        // 08:30 UTC is 09:30 in Berlin (open) and 11:30 in Moscow (open since 09:00 there): different elapsed time to 10:00 UTC.
        let from = Date(timeIntervalSince1970: 1_764_923_400)  // 2025-12-05 08:30 UTC, a Friday
        let to = from.addingTimeInterval(5400)
        #expect(BusinessHours.standard.elapsed(from: from, to: to, in: Self.berlin) == 5400)
        #expect(BusinessHours.standard.elapsed(from: from.addingTimeInterval(-7200), to: to, in: Self.berlin) == 5400 + 1800, "06:30 UTC is 07:30 in Berlin: closed until 09:00")
        #expect(BusinessHours.standard.elapsed(from: from.addingTimeInterval(-7200), to: to, in: Self.moscow) == 12600, "09:30 in Moscow: open")
    }

    @Test("daylight saving: a day with a 24-hour window is 23 or 25 hours long when the clocks change")
    func daylightSaving() {
        let always = BusinessHours(days: Dictionary(uniqueKeysWithValues: (1...7).map { ($0, BusinessHours.Window(open: 0, close: 24 * 60)) }))
        // Berlin springs forward on Sunday 2026-03-29 and falls back on Sunday 2026-10-25.
        #expect(always.elapsed(from: Self.at("2026-03-29 00:00", Self.berlin), to: Self.at("2026-03-30 00:00", Self.berlin), in: Self.berlin) == 23 * 3600)
        #expect(always.elapsed(from: Self.at("2026-10-25 00:00", Self.berlin), to: Self.at("2026-10-26 00:00", Self.berlin), in: Self.berlin) == 25 * 3600)
        // An 08:00–12:00 window on the spring-forward Sunday is still four hours (the change is at 02:00).
        let sunday = BusinessHours(days: [7: .init(open: 8 * 60, close: 12 * 60)])
        #expect(sunday.elapsed(from: Self.at("2026-03-29 00:00", Self.berlin), to: Self.at("2026-03-29 23:00", Self.berlin), in: Self.berlin) == 4 * 3600)
    }

    @Test("the clock: on time, near at three quarters, breached; the first answer moves it to the resolution target; resolved is met")
    func clock() {
        let hours = BusinessHours.standard, zone = Self.berlin
        let arrived = Self.at("2026-12-07 09:00", zone)
        let target = ServiceTargets.Target(firstResponse: 3600, resolution: 4 * 3600)
        func state(_ now: String, answered: Date? = nil, resolved: Date? = nil) -> ServiceClock.State {
            ServiceClock.of(arrived: arrived, firstResponse: answered, resolved: resolved, target: target, hours: hours, zone: zone,
                            now: Self.at(now, zone)).state
        }
        #expect(state("2026-12-07 09:30") == .onTime)
        #expect(state("2026-12-07 09:50") == .near)
        #expect(state("2026-12-07 10:01") == .breached)
        #expect(state("2026-12-07 10:01", answered: Self.at("2026-12-07 09:40", zone)) == .onTime, "now the four-hour resolution target")
        #expect(state("2026-12-07 13:30", answered: Self.at("2026-12-07 09:40", zone)) == .breached)
        #expect(state("2026-12-09 13:30", answered: arrived, resolved: arrived) == .met)
        #expect(ServiceClock.of(arrived: arrived, firstResponse: nil, resolved: nil, target: target, hours: hours, zone: zone,
                                now: arrived).due == Self.at("2026-12-07 10:00", zone))
    }
}
