/// One problem with one channel's version of a post: from the platform's rules (always a
/// block: the platform would refuse it), the brand voice (warning or block), or the ad label.
public struct CheckFinding: Sendable, Equatable {
    public var source: Source
    public var code: String
    public var field: String
    public var severity: BrandVoice.Severity
    public var message: LocalizedText

    public enum Source: String, Sendable { case platform, voice, ad }

    public init(source: Source, code: String, field: String, severity: BrandVoice.Severity, message: LocalizedText) {
        self.source = source
        self.code = code
        self.field = field
        self.severity = severity
        self.message = message
    }
}

/// What will be sent to one channel and everything wrong with it.
public struct VariantCheck: Sendable, Equatable {
    public var platform: Platform
    /// The text as it will be published: the variant's own text or the post's, with the ad label placed.
    public var finalText: String
    public var length: Int
    public var limit: Int
    public var findings: [CheckFinding]

    public var isPublishable: Bool { !findings.contains { $0.severity == .block } }

    /// Checks one variant. `adLabel` is nil for posts that are not ads; `adError` is the reason
    /// an ad's label could not be made (missing advertiser or token), which blocks publishing.
    /// `alsoCounted` is text the platform counts toward the same limit (Mastodon's content warning).
    public static func check(text: String, media: [MediaItem] = [], rules: PlatformRules, voice: BrandVoice,
                             adLabel: AdLabel?, adError: ValidationError? = nil,
                             adTemplate: String = AdLabel.defaultTemplate, alsoCounted: String? = nil) -> VariantCheck {
        let finalText = adLabel?.applied(to: text, platform: rules.platform, template: adTemplate) ?? text
        var findings: [CheckFinding] = []
        if let adError {
            findings.append(.init(source: .ad, code: adError.code, field: adError.field ?? "ad", severity: .block,
                                  message: adError.message))
        }
        for violation in rules.check(text: finalText, media: media, alsoCounted: alsoCounted) {
            let severity: BrandVoice.Severity = violation.code == "alt_text_unsupported" ? .warning : .block
            findings.append(.init(source: .platform, code: violation.code, field: violation.field, severity: severity,
                                  message: violation.message))
        }
        // The voice judges what the author wrote, not the legally required label.
        for finding in voice.lint(text) {
            findings.append(.init(source: .voice, code: finding.rule, field: "text", severity: finding.severity,
                                  message: finding.message))
        }
        let limit = rules.textLimit(withMedia: !media.isEmpty)
        return VariantCheck(platform: rules.platform, finalText: finalText,
                            length: limit.measure(finalText) + (alsoCounted.map(limit.measure) ?? 0),
                            limit: limit.maximum, findings: findings.sorted { $0.severity == .block && $1.severity != .block })
    }
}
