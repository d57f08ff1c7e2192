import Foundation

/// What a post was, as analytics groups posts: text only, one image, several images (a gallery),
/// a video, or a link.
public enum ContentKind: String, CaseIterable, Codable, Sendable {
    case text, image, gallery, video, link

    /// Video wins over images, several images over one, images over a link.
    public static func of(text: String, media: [MediaFormat], link: String?) -> ContentKind {
        if media.contains(where: \.isVideo) { return .video }
        if media.count > 1 { return .gallery }
        if media.count == 1 { return .image }
        let hasLink = !(link ?? "").isEmpty || !URLDetector.urls(in: text, allowBareDomains: false).isEmpty
        return hasLink ? .link : .text
    }
}

/// How long a post's text is, in three bands people can act on.
public enum LengthBand: String, CaseIterable, Codable, Sendable {
    /// Up to 80 characters: a line.
    case short
    /// 81–280: a paragraph (a tweet's worth).
    case medium
    /// Over 280.
    case long

    public static func of(characters: Int) -> LengthBand {
        characters <= 80 ? .short : characters <= 280 ? .medium : .long
    }
}

/// One published post on one channel and what its platform last said about it: the unit every
/// dashboard, best-time grid and content finding is built from.
public struct PostPerformance: Sendable, Equatable {
    public var publicationID: UUID
    public var postID: UUID
    public var channelID: UUID
    public var publishedAt: Date
    public var text: String
    public var kind: ContentKind
    /// Tags of the library files the post carried ("people", "product", …), lower-cased.
    public var imageTags: [String]
    /// Hashtags in the text, lower-cased, without `#`.
    public var hashtags: [String]
    public var campaign: String?
    /// Only the metrics the platform gives; a missing one is "not available", never zero.
    public var metrics: [PostMetric: Int]

    public init(publicationID: UUID, postID: UUID, channelID: UUID, publishedAt: Date, text: String, kind: ContentKind,
                imageTags: [String] = [], hashtags: [String]? = nil, campaign: String? = nil, metrics: [PostMetric: Int]) {
        self.publicationID = publicationID
        self.postID = postID
        self.channelID = channelID
        self.publishedAt = publishedAt
        self.text = text
        self.kind = kind
        self.imageTags = imageTags.map { $0.lowercased() }
        self.hashtags = hashtags ?? Array(Set(Hashtags.extract(text).map { $0.lowercased() })).sorted()
        self.campaign = campaign
        self.metrics = metrics
    }

    /// Reactions that need the reader to act on the post itself: likes, reposts, replies, quotes
    /// and saves. Clicks and views are counted apart (not every post has a link; views are not a choice).
    public var interactions: Int {
        PostMetric.interactive.reduce(0) { $0 + (metrics[$1] ?? 0) }
    }

    public var length: LengthBand { .of(characters: text.count) }
}

/// What can be counted about a post. A platform that does not give a metric leaves it out —
/// it is "not available", never zero.
public enum PostMetric: String, CaseIterable, Codable, Sendable {
    case likes, reposts, replies, quotes, views, reach, clicks, saves

    public static let interactive: [PostMetric] = [.likes, .reposts, .replies, .quotes, .saves]
}
