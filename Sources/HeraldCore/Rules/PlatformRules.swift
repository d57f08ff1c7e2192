/// What a platform accepts: text length by its own counting, media count, formats, sizes and
/// shapes, hashtags, links and alt text. Defaults below; a server's own report (Mastodon
/// `/api/v2/instance`) overrides them through `overriding(_:)`.
public struct PlatformRules: Sendable, Equatable {
    public var platform: Platform
    /// The limit for a post without media.
    public var text: TextLimit
    /// The limit for the text of a post with media, when it differs (Telegram captions).
    public var caption: TextLimit?
    /// Text-only posts are refused (Instagram).
    public var requiresMedia: Bool
    public var media: MediaRules
    public var maxHashtags: Int?
    /// Whether links in the text become clickable (Instagram captions: no).
    public var clickableLinks: Bool
    /// A first comment can be sent (as a reply or a comment on the post).
    public var firstComment: Bool
    /// A link can be attached apart from the text (a link card or attachment).
    public var linkAttachment: Bool
    /// The content warning counts toward the text limit (Mastodon).
    public var countsContentWarning: Bool
    /// A post can continue as a thread of the account's own replies (Mastodon, Bluesky, X, Threads).
    public var threads: Bool

    public init(platform: Platform, text: TextLimit, caption: TextLimit? = nil, requiresMedia: Bool = false,
                media: MediaRules, maxHashtags: Int? = nil, clickableLinks: Bool = true, firstComment: Bool = true,
                linkAttachment: Bool = true, countsContentWarning: Bool = false, threads: Bool = false) {
        self.threads = threads
        self.platform = platform
        self.text = text
        self.caption = caption
        self.requiresMedia = requiresMedia
        self.media = media
        self.maxHashtags = maxHashtags
        self.clickableLinks = clickableLinks
        self.firstComment = firstComment
        self.linkAttachment = linkAttachment
        self.countsContentWarning = countsContentWarning
    }

    /// The limit that applies to this text with or without media.
    public func textLimit(withMedia: Bool) -> TextLimit {
        withMedia ? (caption ?? text) : text
    }
}

/// A length limit and the way it is counted.
public struct TextLimit: Sendable, Equatable {
    public var counting: Counting
    public var maximum: Int
    /// A second, byte limit (Bluesky: 3000 UTF-8 bytes besides 300 graphemes).
    public var maximumUTF8Bytes: Int?

    public init(_ counting: Counting, _ maximum: Int, maximumUTF8Bytes: Int? = nil) {
        self.counting = counting
        self.maximum = maximum
        self.maximumUTF8Bytes = maximumUTF8Bytes
    }

    public enum Counting: Sendable, Equatable {
        case graphemes
        case utf16
        case mastodon(urlLength: Int)
        case xWeighted
        case threads
    }

    /// The length of `text` as this platform counts it.
    public func measure(_ text: String) -> Int {
        switch counting {
        case .graphemes: TextMeasure.graphemes(text)
        case .utf16: TextMeasure.utf16Units(text)
        case .mastodon(let urlLength): TextMeasure.mastodon(text, urlLength: urlLength)
        case .xWeighted: TextMeasure.xWeighted(text)
        case .threads: TextMeasure.threads(text)
        }
    }
}

public enum MediaFormat: String, Sendable, CaseIterable, Codable {
    case jpeg, png, gif, webp, mp4

    public var isVideo: Bool { self == .mp4 }

    public var mimeType: String { isVideo ? "video/mp4" : "image/\(rawValue)" }
}

public struct MediaRules: Sendable, Equatable {
    public var maxItems: Int
    public var formats: Set<MediaFormat>
    public var maxImageBytes: Int
    public var maxGIFBytes: Int
    public var maxVideoBytes: Int
    /// At most this many videos per post (and then no images alongside), when the platform says so.
    public var maxVideos: Int
    /// Width ÷ height allowed for images, when the platform refuses others.
    public var aspectRatio: ClosedRange<Double>?
    public var altText: Bool
    public var maxAltTextLength: Int?

    public init(maxItems: Int, formats: Set<MediaFormat>, maxImageBytes: Int, maxGIFBytes: Int? = nil,
                maxVideoBytes: Int, maxVideos: Int = 1, aspectRatio: ClosedRange<Double>? = nil,
                altText: Bool, maxAltTextLength: Int? = nil) {
        self.maxItems = maxItems
        self.formats = formats
        self.maxImageBytes = maxImageBytes
        self.maxGIFBytes = maxGIFBytes ?? maxImageBytes
        self.maxVideoBytes = maxVideoBytes
        self.maxVideos = maxVideos
        self.aspectRatio = aspectRatio
        self.altText = altText
        self.maxAltTextLength = maxAltTextLength
    }
}

/// What a Mastodon server reports in `/api/v2/instance` → `configuration`.
public struct MastodonInstanceLimits: Sendable, Equatable, Codable {
    public var maxCharacters: Int?
    public var charactersReservedPerURL: Int?
    public var maxMediaAttachments: Int?
    public var imageSizeLimit: Int?
    public var videoSizeLimit: Int?
    public var descriptionLimit: Int?

    public init(maxCharacters: Int? = nil, charactersReservedPerURL: Int? = nil, maxMediaAttachments: Int? = nil,
                imageSizeLimit: Int? = nil, videoSizeLimit: Int? = nil, descriptionLimit: Int? = nil) {
        self.maxCharacters = maxCharacters
        self.charactersReservedPerURL = charactersReservedPerURL
        self.maxMediaAttachments = maxMediaAttachments
        self.imageSizeLimit = imageSizeLimit
        self.videoSizeLimit = videoSizeLimit
        self.descriptionLimit = descriptionLimit
    }
}

extension PlatformRules {
    /// These rules with what a Mastodon server says about itself taking precedence.
    public func overriding(_ instance: MastodonInstanceLimits) -> PlatformRules {
        var rules = self
        if let maximum = instance.maxCharacters, maximum > 0 { rules.text.maximum = maximum }
        if let urlLength = instance.charactersReservedPerURL, urlLength >= 0 {
            rules.text.counting = .mastodon(urlLength: urlLength)
        }
        if let items = instance.maxMediaAttachments, items > 0 { rules.media.maxItems = items }
        if let bytes = instance.imageSizeLimit, bytes > 0 {
            rules.media.maxImageBytes = bytes
            rules.media.maxGIFBytes = bytes
        }
        if let bytes = instance.videoSizeLimit, bytes > 0 { rules.media.maxVideoBytes = bytes }
        if let length = instance.descriptionLimit, length > 0 { rules.media.maxAltTextLength = length }
        return rules
    }
}
