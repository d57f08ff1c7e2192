/// What a person types into a search box, as terms to look up: words (letters and digits) in
/// lower case, each cut to a stem so that Russian and English word endings do not matter
/// ("заказа" and "заказы" find "заказ", "refunds" finds "refund"). The stem is then matched as a
/// prefix (SQLite FTS5), or left to the database's own stemmers (PostgreSQL).
public enum SearchTerms {
    /// At most this many terms are used; the rest of a long query is ignored.
    public static let limit = 8

    public static func words(_ query: String) -> [String] { Array(TextWords.of(query).prefix(limit)) }

    /// Endings cut from words long enough to keep a stem of four letters or more, longest first.
    static let endings: [String] = [
        // Russian: adjective, noun and verb endings.
        "иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ться", "тся", "ешь", "ете", "ите", "ать", "ять", "ить",
        "ют", "ут", "ет", "ит", "ая", "яя", "ое", "ее", "ые", "ие", "ой", "ей", "ий", "ый", "ую", "юю", "ам", "ям", "ах", "ях",
        "ом", "ем", "ов", "ев", "ия", "ье", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
        // English.
        "ing", "ies", "ied", "ed", "es", "ly", "s",
    ]

    /// The stem of one lower-case word.
    public static func stem(_ word: String) -> String {
        for ending in endings where word.hasSuffix(ending) && word.count - ending.count >= 4 {
            return String(word.dropLast(ending.count))
        }
        return word
    }

    /// An FTS5 query: every term's stem as a quoted prefix, all of them required; nil when there are no words.
    public static func fts5(_ query: String) -> String? {
        let terms = words(query).map { "\"" + stem($0).replacingOccurrences(of: "\"", with: "\"\"") + "\"*" }
        return terms.isEmpty ? nil : terms.joined(separator: " AND ")
    }
}
