import Foundation
import HeraldCore
import Testing

/// A person's regular expression cannot hold a thread: matching stops at its time budget, and a
/// pattern that backtracks without end is refused when a routing rule is saved.
@Suite struct BoundedPatternTests {
    static func facts(_ text: String) -> RoutingFacts {
        RoutingFacts(text: text, channelID: UUID(), kind: "comment", authorID: "1", authorName: "@anna", isNewAuthor: true,
                     reading: Sentiment.read(text), isFollower: nil)
    }

    @Test func stopsAtItsBudget() throws {
        // Unbounded, this pattern takes seconds on 26 letters and doubles with each one more.
        let regex = try NSRegularExpression(pattern: "(a+)+$")
        let text = String(repeating: "a", count: 5000) + "!"
        let started = ContinuousClock.now
        #expect(BoundedPattern.firstMatch(regex, in: text) == .tooSlow)
        #expect(ContinuousClock.now - started < .seconds(1), "it gave up near its 25 ms budget")
        #expect(BoundedPattern.firstMatch(regex, in: "aaa") == .match)
        #expect(BoundedPattern.firstMatch(try NSRegularExpression(pattern: #"заказ\s*№?\d+"#), in: "Где мой заказ №4521?") == .match)
        #expect(BoundedPattern.firstMatch(try NSRegularExpression(pattern: "refund"), in: String(repeating: "a", count: 5000)) == .noMatch)
    }

    @Test(arguments: ["(a+)+$", #"(\d+)+x"#, "(x+x+)+y", #"^(\w+\s?)+$"#, "(a|aa)+b", #"(.*a){12}"#, "((xy)+)+z"])
    func refusedWhenSaved(_ pattern: String) {
        #expect(throws: ValidationError.self) { try RoutingConditions(pattern: pattern).validated() }
        do {
            _ = try RoutingConditions(pattern: pattern).validated()
        } catch {
            #expect(error.code == "pattern_too_slow" && error.field == "pattern")
        }
    }

    @Test(arguments: [#"заказ\s*№?\d+"#, "casino|казино", #"\b(refund|возврат)\w*"#, #"^\s*@\w+"#, #"https?://\S+"#])
    func ordinaryPatternsPass(_ pattern: String) throws {
        #expect(try RoutingConditions(pattern: pattern).validated().pattern == pattern)
    }

    @Test func aRuleWhosePatternRunsOutIsSkippedAndSaysSo() {
        // Stored before patterns were checked, or slow only on a text the probes do not cover.
        let slow = RoutingConditions(pattern: "(a+)+$")
        #expect(slow.evaluate(Self.facts(String(repeating: "a", count: 3000) + "!")) == .patternTooSlow)
        #expect(slow.evaluate(Self.facts("aaaa")) == .matched)
        #expect(RoutingConditions(keywords: ["refund"], pattern: "(a+)+$").evaluate(Self.facts(String(repeating: "a", count: 3000) + "!"))
                == .notMatched, "the cheap conditions first: no keyword, no pattern tried")
    }
}
