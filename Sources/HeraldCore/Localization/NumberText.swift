import Foundation

/// Numbers as each language writes them: 1,234.5 in English, 1 234,5 in Russian.
public enum NumberText {
    public static func decimal(_ value: Double, digits: Int = 1, in language: Language) -> String {
        guard value.isFinite else { return "—" }
        let scale = pow(10, Double(digits))
        let rounded = (abs(value) * scale).rounded() / scale
        let whole = Int(rounded.rounded(.down))
        let fraction = Int(((rounded - Double(whole)) * scale).rounded())
        var text = integer(whole, in: language)
        if digits > 0 {
            let padded = String(repeating: "0", count: max(0, digits - String(fraction).count)) + String(fraction)
            text += (language == .ru ? "," : ".") + padded
        }
        return (value < 0 && rounded > 0 ? "−" : "") + text
    }

    public static func integer(_ value: Int, in language: Language) -> String {
        let digits = String(value.magnitude)
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "−" : "") + groups.joined(separator: language == .ru ? "\u{202F}" : ",")
    }

    /// "+12 %" / "−3 %" change from `before` to `now`; nil when there was nothing before.
    public static func change(from before: Double, to now: Double, in language: Language) -> String? {
        guard before > 0 else { return nil }
        let percent = (now - before) / before * 100
        return (percent >= 0 ? "+" : "") + decimal(percent, digits: 0, in: language) + " %"
    }
}
