import Foundation
@testable import HeraldCore
import Testing

/// Issue 13, point 6: the mood and urgency read from the lexicon, measured on a labelled sample of
/// customer messages in English and Russian (the figures are in the README).
@Suite("Sentiment and urgency")
struct SentimentTests {
    struct Labelled {
        var mood: SentimentReading.Mood
        var urgent: Bool
        var text: String
    }

    static func sample() throws -> [Labelled] {
        let url = try #require(Bundle.module.url(forResource: "Samples/sentiment", withExtension: "tsv"))
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let parts = line.split(separator: "\t", maxSplits: 2).map(String.init)
            guard parts.count == 3, let mood = SentimentReading.Mood(rawValue: parts[0]) else { return nil }
            return Labelled(mood: mood, urgent: parts[1] == "yes", text: parts[2])
        }
    }

    @Test("on the labelled sample: mood right at least 80 % of the time and urgency at least 85 %, in each language")
    func accuracy() throws {
        let sample = try Self.sample()
        #expect(sample.count >= 80)
        for (language, cyrillic) in [("English", false), ("Russian", true)] {
            let part = sample.filter { $0.text.contains(where: { ("а"..."я").contains(String($0).lowercased()) }) == cyrillic }
            let readings = part.map { Sentiment.read($0.text) }
            let mood = Double(zip(part, readings).filter { $0.mood == $1.mood }.count) / Double(part.count)
            let urgency = Double(zip(part, readings).filter { $0.urgent == $1.urgent }.count) / Double(part.count)
            let misses = zip(part, readings).filter { $0.mood != $1.mood || $0.urgent != $1.urgent }
                .map { "\($0.text) → \($1.mood.rawValue)\($1.urgent ? ", urgent" : "")" }
            print("sentiment \(language): n = \(part.count), mood \(Int((mood * 100).rounded())) %, urgency \(Int((urgency * 100).rounded())) %")
            #expect(mood >= 0.8, "\(language) mood \(mood): \(misses)")
            #expect(urgency >= 0.85, "\(language) urgency \(urgency): \(misses)")
        }
    }

    @Test("negation turns a word around; short entries do not match longer words; phrases match whole words")
    func rules() {
        #expect(Sentiment.read("Not good").mood == .negative)
        #expect(Sentiment.read("не понравилось").mood == .negative)
        #expect(Sentiment.read("Судьба распорядилась так").urgent == false, "суд is not судьба")
        #expect(Sentiment.read("Доставка до дома есть?").mood == .neutral, "до is not до сих пор")
        #expect(Sentiment.read("Заказ не пришла").urgent, "the last word of a phrase by its beginning")
        #expect(Sentiment.read("").mood == .neutral && !Sentiment.read("").urgent)
    }
}
