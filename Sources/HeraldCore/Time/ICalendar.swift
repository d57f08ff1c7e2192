import Foundation

/// RFC 5545 iCalendar text for a feed of scheduled posts: events in UTC, text escaped, long
/// lines folded at 75 octets, CRLF line ends.
public enum ICalendar {
    public struct Event: Sendable {
        public var uid: String
        public var start: Date
        public var durationMinutes: Int
        public var summary: String
        public var description: String
        public var url: String?

        public init(uid: String, start: Date, durationMinutes: Int = 15, summary: String, description: String, url: String?) {
            self.uid = uid
            self.start = start
            self.durationMinutes = durationMinutes
            self.summary = summary
            self.description = description
            self.url = url
        }
    }

    public static func render(name: String, events: [Event], now: Date = Date()) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Herald//Scheduled posts//EN", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:" + escape(name)]
        for event in events {
            lines += ["BEGIN:VEVENT", "UID:" + escape(event.uid), "DTSTAMP:" + stamp(now), "DTSTART:" + stamp(event.start),
                      "DTEND:" + stamp(event.start.addingTimeInterval(TimeInterval(event.durationMinutes * 60))),
                      "SUMMARY:" + escape(event.summary), "DESCRIPTION:" + escape(event.description)]
            if let url = event.url { lines.append("URL:" + url) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    static func stamp(_ date: Date) -> String {
        let l = LocalDateTime.utcFields(date)
        let seconds = Int(date.timeIntervalSince1970) % 60
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", l.year, l.month, l.day, l.hour, l.minute, (seconds + 60) % 60)
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\n", "\r\n": result += "\\n"
            case "\r": continue
            default: result.append(character)
            }
        }
        return result
    }

    /// Lines longer than 75 octets continue on the next line after a space, never inside a character.
    static func fold(_ line: String) -> String {
        var result = "", current = 0
        for character in line {
            let size = String(character).utf8.count
            if current + size > 75 {
                result += "\r\n "
                current = 1
            }
            result.append(character)
            current += size
        }
        return result
    }
}
