/// A message's mood and whether it asks for a quick answer, read from `SentimentLexicon`: a hint
/// for the team and an input to routing rules, never a decision on its own.
public struct SentimentReading: Sendable, Equatable {
    public enum Mood: String, Sendable, CaseIterable, Codable {
        case negative, neutral, positive
    }

    public var mood: Mood
    public var urgent: Bool
    /// The sum of the weights found (below zero: negative).
    public var score: Int

    public init(mood: Mood, urgent: Bool, score: Int) {
        self.mood = mood
        self.urgent = urgent
        self.score = score
    }
}

public enum Sentiment {
    /// Reads `text`: phrases first, then single words by their beginnings; a negation turns the
    /// next two words around; positive at a score of 1 or more, negative at −1 or less.
    public static func read(_ text: String) -> SentimentReading {
        let words = Self.words(text)
        let joined = " " + words.joined(separator: " ")
        var score = 0
        var used = Set<Int>()
        // Phrases (more than one word): matched on whole words, their words not counted again.
        for (parts, sign, weight) in phrases where words.count >= parts.count {
            do {
                var index = 0
                while index + parts.count <= words.count {
                    // Whole words, the last one by its beginning ("не пришл" finds "не пришла").
                    if (0..<parts.count).allSatisfy({ offset in
                        let word = words[index + offset], part = parts[offset]
                        return !used.contains(index + offset) && (offset == parts.count - 1 ? matches(word, part) : word == part)
                    }) {
                        score += sign * weight
                        for offset in 0..<parts.count { used.insert(index + offset) }
                        index += parts.count
                    } else {
                        index += 1
                    }
                }
            }
        }
        var flipFor = 0
        for (index, word) in words.enumerated() {
            if SentimentLexicon.negations.contains(word) {
                flipFor = 2
                continue
            }
            defer { flipFor = max(0, flipFor - 1) }
            guard !used.contains(index) else { continue }
            let found = weight(of: word, in: positiveWords) - weight(of: word, in: negativeWords)
            score += flipFor > 0 ? -found : found
        }
        let urgent = SentimentLexicon.urgent.contains { term in
            term.contains(" ") ? joined.contains(" " + term) : words.contains { matches($0, term) }
        }
        let mood: SentimentReading.Mood = score >= 1 ? .positive : score <= -1 ? .negative : .neutral
        return SentimentReading(mood: mood, urgent: urgent, score: score)
    }

    /// The weight of the longest single-word entry `word` begins with (0: none). Short entries
    /// (three letters or fewer) match whole words only, so "зл" is not every word starting so.
    static func weight(of word: String, in lexicon: [Character: [(String, Int)]]) -> Int {
        guard let first = word.first else { return 0 }
        var best: (length: Int, weight: Int)?
        for (entry, weight) in lexicon[first] ?? [] where matches(word, entry) {
            if entry.count > (best?.length ?? 0) { best = (entry.count, weight) }
        }
        return best?.weight ?? 0
    }

    /// Single-word entries by their first letter: a word is compared with a handful, not the whole lexicon.
    static let positiveWords = byFirstLetter(SentimentLexicon.positive)
    static let negativeWords = byFirstLetter(SentimentLexicon.negative)
    static let phrases: [(parts: [String], sign: Int, weight: Int)] =
        [(SentimentLexicon.negative, -1), (SentimentLexicon.positive, 1)].flatMap { lexicon, sign in
            lexicon.filter { $0.key.contains(" ") }.sorted { $0.key < $1.key }.map { ($0.key.split(separator: " ").map(String.init), sign, $0.value) }
        }

    static func byFirstLetter(_ lexicon: [String: Int]) -> [Character: [(String, Int)]] {
        Dictionary(grouping: lexicon.filter { !$0.key.contains(" ") }.map { ($0.key, $0.value) }, by: { $0.0.first ?? " " })
    }

    /// Whether `word` is `entry` or begins with it; entries of three letters or fewer only take a
    /// short ending ("хам" → "хамы", not "хамелеон"; "суд" → "суда", not "судьба").
    static func matches(_ word: String, _ entry: String) -> Bool {
        guard word.hasPrefix(entry) else { return false }
        return entry.count > 3 || word.count <= entry.count + 2
    }

    /// Lower-case words (letters, digits, apostrophes), ё read as е.
    static func words(_ text: String) -> [String] { TextWords.of(text.replacingOccurrences(of: "ё", with: "е").replacingOccurrences(of: "Ё", with: "Е"), apostrophes: true) }
}
