/// A file attached to a post, as far as the rules care.
public struct MediaItem: Sendable, Equatable {
    public var name: String
    public var format: MediaFormat
    public var bytes: Int
    public var width: Int?
    public var height: Int?
    public var altText: String?

    public init(name: String, format: MediaFormat, bytes: Int, width: Int? = nil, height: Int? = nil, altText: String? = nil) {
        self.name = name
        self.format = format
        self.bytes = bytes
        self.width = width
        self.height = height
        self.altText = altText
    }
}

/// One way a post breaks a platform's rules, with the field and a message that says by how much.
public struct RuleViolation: Sendable, Equatable {
    public var code: String
    public var field: String
    public var message: LocalizedText

    public var asValidationError: ValidationError { .init(code: code, field: field, message: message) }
}

extension PlatformRules {
    /// Every rule this text and media break, in the order a person would fix them. `alsoCounted`
    /// is text the platform counts toward the same limit (Mastodon's content warning).
    public func check(text: String, media: [MediaItem] = [], alsoCounted: String? = nil) -> [RuleViolation] {
        var violations: [RuleViolation] = []
        let name = platform.displayName
        func add(_ code: String, _ field: String, _ key: L, _ arguments: String...) {
            violations.append(.init(code: code, field: field, message: .init(key, arguments: [name] + arguments)))
        }

        if requiresMedia && media.isEmpty { add("media_required", "media", .ruleNeedsMedia) }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && media.isEmpty {
            add("empty", "text", .ruleEmpty)
        }
        let limit = textLimit(withMedia: !media.isEmpty)
        let length = limit.measure(text) + (alsoCounted.map(limit.measure) ?? 0)
        if length > limit.maximum {
            let key: L = limit.counting == .xWeighted ? .ruleTextTooLongWeighted : .ruleTextTooLong
            add("text_too_long", "text", key, String(length - limit.maximum), String(limit.maximum))
        }
        if let maximum = limit.maximumUTF8Bytes, text.utf8.count > maximum {
            add("text_too_many_bytes", "text", .ruleTextTooManyBytes, String(text.utf8.count - maximum), String(maximum))
        }
        if let maximum = maxHashtags {
            let count = Hashtags.extract(text).count
            if count > maximum { add("too_many_hashtags", "text", .ruleTooManyHashtags, String(maximum), String(count)) }
        }
        if media.count > self.media.maxItems {
            add("too_many_media", "media", .ruleTooManyMedia, String(self.media.maxItems), String(media.count))
        }
        let videos = media.filter(\.format.isVideo).count
        if videos > self.media.maxVideos || (videos > 0 && self.media.maxVideos == 1 && media.count > 1) {
            add("video_mix", "media", .ruleVideoAlone, String(self.media.maxVideos))
        }
        let allowed = MediaFormat.allCases.filter(self.media.formats.contains).map { $0.rawValue.uppercased() }
            .joined(separator: ", ")
        for (index, item) in media.enumerated() {
            let field = "media[\(index)]"
            guard self.media.formats.contains(item.format) else {
                add("media_format", field, .ruleMediaFormat, item.name, item.format.rawValue.uppercased(), allowed)
                continue
            }
            let maximum = item.format.isVideo ? self.media.maxVideoBytes
                : item.format == .gif ? self.media.maxGIFBytes : self.media.maxImageBytes
            if item.bytes > maximum {
                add("media_too_large", field, .ruleMediaTooLarge, item.name, ByteSize.text(item.bytes), ByteSize.text(maximum))
            }
            if let range = self.media.aspectRatio, !item.format.isVideo, let width = item.width, let height = item.height,
               height > 0 {
                let ratio = Double(width) / Double(height)
                if !range.contains(ratio) {
                    add("media_aspect", field, .ruleMediaAspect, item.name, Self.ratio(ratio),
                        Self.ratio(range.lowerBound), Self.ratio(range.upperBound))
                }
            }
            if let alt = item.altText, !alt.isEmpty {
                if !self.media.altText {
                    add("alt_text_unsupported", field + ".alt_text", .ruleAltUnsupported)
                } else if let maximum = self.media.maxAltTextLength, alt.count > maximum {
                    add("alt_text_too_long", field + ".alt_text", .ruleAltTooLong, item.name,
                        String(alt.count - maximum), String(maximum))
                }
            }
        }
        return violations
    }

    static func ratio(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) + ":1" : String(rounded) + ":1"
    }
}

/// Sizes as people read them: 1.5 MB, 800 KB.
public enum ByteSize {
    public static func text(_ bytes: Int) -> String {
        if bytes >= 1_048_576 {
            let value = (Double(bytes) / 1_048_576 * 10).rounded() / 10
            return (value == value.rounded() ? String(Int(value)) : String(value)) + " MB"
        }
        if bytes >= 1024 { return String(bytes / 1024) + " KB" }
        return "\(bytes) B"
    }
}
