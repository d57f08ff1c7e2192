import Foundation

/// The one way Herald shows an instant to a person: in their zone and language. Storage is UTC.
public enum DateDisplay {
    public static func dateTime(_ date: Date, in zone: TimeZoneName, language: Language) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == .ru ? "ru_RU" : "en_GB")
        formatter.timeZone = zone.timeZone
        formatter.dateStyle = .medium
        formatter.timeStyle = .short
        return formatter.string(from: date)
    }
}
