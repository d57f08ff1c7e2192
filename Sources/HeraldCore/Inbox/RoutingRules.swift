import Foundation

/// What a routing rule looks at. Every condition given must hold; within a list, any entry will do.
public struct RoutingConditions: Codable, Sendable, Equatable {
    /// Words or phrases, whole words; a trailing `*` takes any ending (`скидк*` finds скидка, скидки).
    public var keywords: [String]?
    /// A regular expression (case-insensitive) on the text.
    public var pattern: String?
    /// `ru` or `en`: the language most of the text's letters are in.
    public var language: String?
    public var channels: [UUID]?
    /// comment, reply, mention, quote, direct_message.
    public var kinds: [String]?
    /// `new`: the first thing this person wrote to the workspace; `known`: they wrote before.
    public var author: String?
    /// People (their name as shown, with or without @, or the platform's id) on the workspace's VIP list.
    public var vip: [String]?
    /// negative, neutral or positive (as read by `Sentiment`).
    public var sentiment: String?
    /// Only items that ask for a quick answer.
    public var urgent: Bool?

    public init(keywords: [String]? = nil, pattern: String? = nil, language: String? = nil, channels: [UUID]? = nil, kinds: [String]? = nil,
                author: String? = nil, vip: [String]? = nil, sentiment: String? = nil, urgent: Bool? = nil) {
        self.keywords = keywords
        self.pattern = pattern
        self.language = language
        self.channels = channels
        self.kinds = kinds
        self.author = author
        self.vip = vip
        self.sentiment = sentiment
        self.urgent = urgent
    }

    enum CodingKeys: String, CodingKey {
        case keywords, pattern, language, channels, kinds, author, vip, sentiment, urgent
    }

    public var isEmpty: Bool {
        keywords == nil && pattern == nil && language == nil && channels == nil && kinds == nil && author == nil && vip == nil
            && sentiment == nil && urgent == nil
    }
}

/// What a routing rule does to an item that matches.
public struct RoutingActions: Codable, Sendable, Equatable {
    public var assignTo: UUID?
    public var department: UUID?
    public var labels: [String]?
    public var priority: String?
    /// Spam: marked done and labelled `spam`, out of the open views.
    public var hide: Bool?
    /// Rules after this one are not tried on an item it matched.
    public var stop: Bool?
    /// Answer with this saved reply (one with nothing to fill in), sent by the worker.
    public var reply: UUID?

    public init(assignTo: UUID? = nil, department: UUID? = nil, labels: [String]? = nil, priority: String? = nil, hide: Bool? = nil,
                stop: Bool? = nil, reply: UUID? = nil) {
        self.reply = reply
        self.assignTo = assignTo
        self.department = department
        self.labels = labels
        self.priority = priority
        self.hide = hide
        self.stop = stop
    }

    enum CodingKeys: String, CodingKey {
        case assignTo = "assign_to", department, labels, priority, hide, stop, reply
    }

    public var isEmpty: Bool { assignTo == nil && department == nil && labels == nil && priority == nil && hide != true && reply == nil }
}

/// What is known about an item when rules are tried on it.
public struct RoutingFacts: Sendable {
    public var text: String
    public var channelID: UUID
    public var kind: String
    public var authorID: String
    public var authorName: String
    /// Nothing earlier from this person in the workspace.
    public var isNewAuthor: Bool
    public var reading: SentimentReading
    /// Whether the person follows the account, as its platform said (nil: not known — the platform
    /// cannot tell, or was not asked; a "follower" or "not a follower" rule then does not match).
    public var isFollower: Bool?

    public init(text: String, channelID: UUID, kind: String, authorID: String, authorName: String, isNewAuthor: Bool,
                reading: SentimentReading, isFollower: Bool? = nil) {
        self.text = text
        self.channelID = channelID
        self.kind = kind
        self.authorID = authorID
        self.authorName = authorName
        self.isNewAuthor = isNewAuthor
        self.reading = reading
        self.isFollower = isFollower
    }
}

extension RoutingConditions {
    /// The longest text a pattern is tried on, and the longest pattern: a rule cannot make the inbox slow.
    public static let patternTextLimit = 5000
    public static let patternLimit = 200

    /// new / known: anything earlier from the person in the workspace; follower / not_follower: as the platform says.
    public static let authorChoices = ["new", "known", "follower", "not_follower"]

    /// Whether a rule needs to know who follows the account (so a sync asks the platform).
    public var asksFollowers: Bool { author == "follower" || author == "not_follower" }

    /// Whether the conditions hold; a pattern that runs out of its time budget on this text
    /// (`BoundedPattern`) makes the rule not match, and says so.
    public enum Verdict: Sendable, Equatable {
        case matched, notMatched, patternTooSlow
    }

    public func evaluate(_ facts: RoutingFacts) -> Verdict {
        if let keywords, !keywords.contains(where: { !BrandVoice.occurrences(of: $0, in: facts.text).isEmpty }) { return .notMatched }
        // The cheap conditions first: a pattern is tried only on items the rest would route.
        guard matchesBesidesPattern(facts) else { return .notMatched }
        if let pattern {
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return .notMatched }
            switch BoundedPattern.firstMatch(regex, in: String(facts.text.prefix(Self.patternTextLimit))) {
            case .match: return .matched
            case .noMatch: return .notMatched
            case .tooSlow: return .patternTooSlow
            }
        }
        return .matched
    }

    private func matchesBesidesPattern(_ facts: RoutingFacts) -> Bool {
        if let language, BrandVoice.dominantScript(BrandVoice.withoutLinksAndTags(facts.text))?.rawValue != language { return false }
        if let channels, !channels.contains(facts.channelID) { return false }
        if let kinds, !kinds.contains(facts.kind) { return false }
        switch author {
        case "new"?: if !facts.isNewAuthor { return false }
        case "known"?: if facts.isNewAuthor { return false }
        case "follower"?: if facts.isFollower != true { return false }
        case "not_follower"?: if facts.isFollower != false { return false }
        default: break
        }
        if let vip {
            let name = facts.authorName.lowercased().trimmingPrefix("@")
            guard vip.contains(where: { entry in
                let wanted = entry.lowercased().trimmingPrefix("@")
                return wanted == name || wanted == facts.authorID.lowercased()
            }) else { return false }
        }
        if let sentiment, facts.reading.mood.rawValue != sentiment { return false }
        if urgent == true, !facts.reading.urgent { return false }
        return true
    }

    /// Checks what a person typed; each problem names its field.
    public func validated() throws(ValidationError) -> RoutingConditions {
        var clean = self
        clean.keywords = keywords?.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if clean.keywords?.isEmpty == true { clean.keywords = nil }
        if let words = clean.keywords, words.count > 50 || words.contains(where: { $0.count > 100 }) {
            throw ValidationError(code: "too_long", field: "keywords", message: .init(.routingKeywordsTooMany))
        }
        if let pattern = clean.pattern?.trimmingCharacters(in: .whitespaces), !pattern.isEmpty {
            guard pattern.count <= Self.patternLimit else {
                throw ValidationError(code: "too_long", field: "pattern", message: .init(.errorTooLong, String(Self.patternLimit), String(pattern.count - Self.patternLimit)))
            }
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else {
                throw ValidationError(code: "invalid_pattern", field: "pattern", message: .init(.routingPatternInvalid, pattern))
            }
            guard !BoundedPattern.isTooSlow(regex) else {
                throw ValidationError(code: "pattern_too_slow", field: "pattern", message: .init(.routingPatternTooSlow, pattern))
            }
            clean.pattern = pattern
        } else {
            clean.pattern = nil
        }
        func choice(_ value: String?, _ allowed: [String], field: String) throws(ValidationError) -> String? {
            guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty, value != "any" else { return nil }
            guard allowed.contains(value) else {
                throw ValidationError(code: "invalid_choice", field: field, message: .init(.errorInvalidChoice, value, allowed.joined(separator: ", ")))
            }
            return value
        }
        clean.language = try choice(language, ["ru", "en"], field: "language")
        clean.author = try choice(author, Self.authorChoices, field: "author")
        clean.sentiment = try choice(sentiment, ["negative", "neutral", "positive"], field: "sentiment")
        let kindNames = ["comment", "reply", "mention", "quote", "direct_message"]
        clean.kinds = try kinds.map { list throws(ValidationError) in
            for kind in list where !kindNames.contains(kind) {
                throw ValidationError(code: "invalid_choice", field: "kinds", message: .init(.errorInvalidChoice, kind, kindNames.joined(separator: ", ")))
            }
            return list
        }
        if clean.kinds?.isEmpty == true { clean.kinds = nil }
        if clean.channels?.isEmpty == true { clean.channels = nil }
        clean.vip = vip?.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if clean.vip?.isEmpty == true { clean.vip = nil }
        if clean.urgent == false { clean.urgent = nil }
        return clean
    }
}
