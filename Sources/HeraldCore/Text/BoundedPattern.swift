import Foundation

/// A regular expression a person wrote, tried within a time budget. The engine backtracks: a
/// pattern such as `(a+)+$` takes seconds on thirty letters and years on a few thousand, and a
/// routing rule that does so must not hold a worker's thread (every workspace's inbox behind it)
/// or a web request. Matching reports its progress and stops once the budget is spent; the answer
/// is then "too slow", never a guess.
public enum BoundedPattern {
    public enum Outcome: Sendable, Equatable {
        case match, noMatch, tooSlow
    }

    /// What one pattern may spend on one text.
    public static let budget: Duration = .milliseconds(25)

    public static func firstMatch(_ regex: NSRegularExpression, in text: String, budget: Duration = budget) -> Outcome {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: budget)
        var outcome = Outcome.noMatch
        // `.reportProgress` calls back every few hundred microseconds during a long search.
        regex.enumerateMatches(in: text, options: [.reportProgress], range: NSRange(text.startIndex..., in: text)) { result, _, stop in
            if result != nil {
                outcome = .match
                stop.pointee = true
            } else if clock.now >= deadline {
                outcome = .tooSlow
                stop.pointee = true
            }
        }
        return outcome
    }

    /// Texts on which backtracking patterns blow up: a long run of one kind of character (a
    /// letter, a Cyrillic letter, a digit, a space, pairs — and each letter or digit the pattern
    /// itself names, and each word it names, as in `((xy)+)+z`), then one that spoils the match.
    /// A pattern that is too slow on any of them is refused when it is saved; the budget still
    /// guards every match.
    static func probes(for pattern: String) -> [String] {
        let letters = Set(pattern.filter { $0.isLetter || $0.isNumber }.map(String.init))
        let words = Set(pattern.split { !($0.isLetter || $0.isNumber) }.map { String($0.prefix(8)) }.filter { $0.count > 1 })
        let own = Array(letters).sorted().prefix(12) + Array(words).sorted().prefix(12)
        return (["a", "а", "1", " ", "ab", "a1", "x."] + own).flatMap { run in
            let body = String(repeating: run, count: 2500 / run.count)
            return [body + "!", body + "\u{1}"]
        }
    }

    /// Whether the pattern runs out of its budget on one of the probe texts.
    public static func isTooSlow(_ regex: NSRegularExpression) -> Bool {
        probes(for: regex.pattern).contains { firstMatch(regex, in: $0) == .tooSlow }
    }
}
