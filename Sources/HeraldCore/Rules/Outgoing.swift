import Foundation

/// What a person wrote for one channel: the variant's own fields, or the post's.
public struct VariantContent: Sendable, Equatable {
    public var text: String
    public var firstComment: String?
    public var link: String?
    public var media: [MediaItem]
    /// Validated platform options (`PlatformOption`).
    public var options: [String: String]
    /// The posts that continue it as a thread (the account's own replies, in order); empty parts left out.
    public var thread: [String]

    public init(text: String, firstComment: String? = nil, link: String? = nil, media: [MediaItem] = [],
                options: [String: String] = [:], thread: [String] = []) {
        self.thread = thread.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        func clean(_ value: String?) -> String? {
            let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed?.isEmpty == false ? trimmed : nil
        }
        self.text = text
        self.firstComment = clean(firstComment)
        self.link = clean(link)
        self.media = media
        self.options = options
    }
}

/// What the workspace and the post add to every channel's content: the brand voice, the ad
/// label (Russian ad law) and the campaign's UTM parameters.
public struct AssemblyContext: Sendable, Equatable {
    public var voice: BrandVoice
    public var isAd: Bool
    public var advertiser: String?
    public var token: String?
    public var adTemplate: String?
    public var utm: UTMParameters?
    /// Links go out as Herald's short links (the workspace wants it), after the UTM parameters.
    public var shortening: LinkShortening?

    public init(voice: BrandVoice, isAd: Bool = false, advertiser: String? = nil, token: String? = nil, adTemplate: String? = nil,
                utm: UTMParameters? = nil, shortening: LinkShortening? = nil) {
        self.voice = voice
        self.isAd = isAd
        self.advertiser = advertiser
        self.token = token
        self.adTemplate = adTemplate
        self.utm = utm
        self.shortening = shortening
    }

    /// The same context for one post and channel (their short links).
    public func on(post: UUID?, channel: UUID?) -> AssemblyContext {
        var context = self
        context.shortening?.postID = post
        context.shortening?.channelID = channel
        return context
    }

    /// The links of `content` that go out shortened, as they are before shortening (tagged): the
    /// short links the publisher must have stored before it sends.
    public func shortenedLinks(of content: VariantContent, on platform: Platform) -> [String] {
        guard let shortening else { return [] }
        let utm = self.utm?.resolved(platform: platform)
        func tagged(_ text: String) -> String { utm?.tagLinks(in: text) ?? text }
        let texts = [content.text, content.firstComment ?? ""] + content.thread
        var links = texts.flatMap { shortening.links(in: tagged($0)) }
        if let link = content.link.map({ utm?.tag($0) ?? $0 }), shortening.shortens(link) { links.append(link) }
        return Array(Set(links)).sorted()
    }
}

/// Exactly what goes to one channel, built in one place: the composer's live checks, the
/// previews, the check endpoint, scheduling, import and the publisher all call `assemble`, so
/// what a person is shown is what is sent.
public struct Outgoing: Sendable, Equatable {
    public var platform: Platform
    /// The text as published: campaign links tagged, the ad label placed.
    public var text: String
    /// Sent as its own step after the post (a reply or comment), links tagged.
    public var firstComment: String?
    /// Sent as the platform's link attachment, tagged.
    public var link: String?
    /// The thread's later posts, each its own step after the post, links tagged.
    public var thread: [String] = []
    public var media: [MediaItem]
    public var options: [String: String]
    /// Everything wrong with it, and its length as the platform counts it.
    public var check: VariantCheck

    public var isPublishable: Bool { check.isPublishable }

    public static func assemble(_ content: VariantContent, for platform: Platform, context: AssemblyContext,
                                rules: PlatformRules? = nil) -> Outgoing {
        let rules = rules ?? .defaults(for: platform)
        var label: AdLabel?
        var adError: ValidationError?
        if context.isAd {
            do { label = try AdLabel.parse(advertiser: context.advertiser, token: context.token) } catch { adError = error }
        }
        let utm = context.utm?.resolved(platform: platform)
        func tagged(_ text: String) -> String {
            let text = utm?.tagLinks(in: text) ?? text
            return context.shortening?.apply(to: text) ?? text
        }
        let firstComment = content.firstComment.map(tagged)
        let link = content.link.map { link in
            let link = utm?.tag(link) ?? link
            return context.shortening.map { $0.shortens(link) ? $0.short(link) : link } ?? link
        }
        // Mastodon counts the content warning toward the same limit as the text.
        let counted = rules.countsContentWarning ? content.options["spoiler_text"] : nil
        var check = VariantCheck.check(text: tagged(content.text), media: content.media, rules: rules, voice: context.voice,
                                       adLabel: label, adError: adError, adTemplate: context.adTemplate ?? AdLabel.defaultTemplate,
                                       alsoCounted: counted)
        let thread = content.thread.map(tagged)
        check.findings += extras(firstComment: firstComment, link: link, rules: rules)
        check.findings += threadFindings(thread, rules: rules)
        check.findings.sort { $0.severity == .block && $1.severity != .block }
        return Outgoing(platform: platform, text: check.finalText, firstComment: firstComment, link: link, thread: thread,
                        media: content.media, options: content.options, check: check)
    }

    /// At most this many posts follow the first one.
    public static let maxThreadParts = 24

    /// A thread where the platform has none, too many parts, or a part over the limit: refused here.
    static func threadFindings(_ thread: [String], rules: PlatformRules) -> [CheckFinding] {
        guard !thread.isEmpty else { return [] }
        let name = rules.platform.displayName
        guard rules.threads else {
            return [.init(source: .platform, code: "thread_unsupported", field: "thread", severity: .block,
                          message: .init(.ruleThreadUnsupported, name))]
        }
        var findings: [CheckFinding] = []
        if thread.count > maxThreadParts {
            findings.append(.init(source: .platform, code: "thread_too_long", field: "thread", severity: .block,
                                  message: .init(.ruleThreadTooMany, String(thread.count + 1), String(maxThreadParts + 1))))
        }
        for (index, part) in thread.enumerated() where rules.text.measure(part) > rules.text.maximum {
            let over = rules.text.measure(part) - rules.text.maximum
            findings.append(.init(source: .platform, code: "thread_part_too_long", field: "thread", severity: .block,
                                  message: .init(.ruleThreadPartTooLong, name, String(index + 2), String(over), String(rules.text.maximum))))
        }
        return findings
    }

    /// A first comment or a link the platform cannot take is refused here, never dropped later.
    static func extras(firstComment: String?, link: String?, rules: PlatformRules) -> [CheckFinding] {
        let name = rules.platform.displayName
        var findings: [CheckFinding] = []
        if let firstComment {
            if !rules.firstComment {
                findings.append(.init(source: .platform, code: "first_comment_unsupported", field: "first_comment", severity: .block,
                                      message: .init(.ruleFirstCommentUnsupported, name)))
            } else if rules.text.measure(firstComment) > rules.text.maximum {
                let over = rules.text.measure(firstComment) - rules.text.maximum
                findings.append(.init(source: .platform, code: "first_comment_too_long", field: "first_comment", severity: .block,
                                      message: .init(.ruleFirstCommentTooLong, name, String(over), String(rules.text.maximum))))
            }
        }
        if link != nil, !rules.linkAttachment {
            findings.append(.init(source: .platform, code: "link_unsupported", field: "link", severity: .block,
                                  message: .init(.ruleLinkUnsupported, name)))
        }
        return findings
    }
}
