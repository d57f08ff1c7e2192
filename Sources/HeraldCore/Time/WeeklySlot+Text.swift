/// Posting slots as people type them: "Mon 09:00, Wed 18:30" (English or Russian day names).
extension WeeklySlot {
    static let dayNames: [String: Int] = [
        "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7,
        "пн": 1, "вт": 2, "ср": 3, "чт": 4, "пт": 5, "сб": 6, "вс": 7,
    ]
    static let englishNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    public static let maxSlots = 168

    public static func parseList(_ text: String, field: String = "posting_slots") throws(ValidationError) -> [WeeklySlot] {
        var slots: Set<WeeklySlot> = []
        let items = text.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isNewline })
        // One an hour every day of the week is already more than any channel posts.
        guard items.count <= maxSlots else {
            throw ValidationError(code: "too_many", field: field, message: .init(.errorTooManySlots, String(maxSlots), String(items.count)))
        }
        for item in items {
            let parts = item.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, let day = dayNames[String(parts[0].prefix(3)).lowercased()]
                    ?? dayNames[String(parts[0].prefix(2)).lowercased()],
                  let time = try? LocalDateTime.parse(date: "2026-01-01", time: String(parts[1]))
            else {
                throw ValidationError(code: "invalid_slot", field: field,
                                      message: .init(.errorInvalidSlot, item.trimmingCharacters(in: .whitespaces)))
            }
            slots.insert(WeeklySlot(weekday: day, hour: time.hour, minute: time.minute))
        }
        return slots.sorted()
    }

    public var text: String { Self.englishNames[weekday - 1] + " " + timeText }

    /// "09:05".
    public var timeText: String { (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute) }
}
