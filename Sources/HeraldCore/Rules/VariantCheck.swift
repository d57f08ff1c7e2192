/// One problem with one channel's version of a post: from the platform's rules (always a
/// block: the platform would refuse it), the brand voice (warning or block), or the ad label.
public struct CheckFinding: Sendable, Equatable {
    public var source: Source
    public var code: String
    public var field: String
    public var severity: BrandVoice.Severity
    public var message: LocalizedText

    public enum Source: String, Sendable { case platform, voice, ad }
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

    /// Checks one variant from a post's stored fields: the ad label is built (or its error
    /// reported), campaign UTM parameters go into the links, then `check` runs. The web's checks
    /// and the publisher both use this, so what is shown is what is sent.
    public static func prepare(text: String, media: [MediaItem] = [], platform: Platform, voice: BrandVoice,
                               isAd: Bool, advertiser: String?, token: String?, adTemplate: String?,
                               utm: UTMParameters?) -> VariantCheck {
        var label: AdLabel?
        var adError: ValidationError?
        if isAd {
            do { label = try AdLabel.parse(advertiser: advertiser, token: token) } catch { adError = error }
        }
        let tagged = utm.map { $0.resolved(platform: platform).tagLinks(in: text) } ?? text
        return check(text: tagged, media: media, rules: .defaults(for: platform), voice: voice, adLabel: label,
                     adError: adError, adTemplate: adTemplate ?? AdLabel.defaultTemplate)
    }

    /// Checks one variant. `adLabel` is nil for posts that are not ads; `adError` is the reason
    /// an ad's label could not be made (missing advertiser or token), which blocks publishing.
    public static func check(text: String, media: [MediaItem] = [], rules: PlatformRules, voice: BrandVoice,
                             adLabel: AdLabel?, adError: ValidationError? = nil,
                             adTemplate: String = AdLabel.defaultTemplate) -> VariantCheck {
        let finalText = adLabel?.applied(to: text, platform: rules.platform, template: adTemplate) ?? text
        var findings: [CheckFinding] = []
        if let adError {
            findings.append(.init(source: .ad, code: adError.code, field: adError.field ?? "ad", severity: .block,
                                  message: adError.message))
        }
        for violation in rules.check(text: finalText, media: media) {
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
        return VariantCheck(platform: rules.platform, finalText: finalText, length: limit.measure(finalText),
                            limit: limit.maximum, findings: findings.sorted { $0.severity == .block && $1.severity != .block })
    }
}
