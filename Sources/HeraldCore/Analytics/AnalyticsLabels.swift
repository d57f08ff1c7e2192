/// The catalogue's words for what analytics groups by.
extension ContentKind {
    public var label: L {
        switch self {
        case .text: .kindText
        case .image: .kindImage
        case .gallery: .kindGallery
        case .video: .kindVideo
        case .link: .kindLink
        }
    }
}

extension LengthBand {
    public var label: L {
        switch self {
        case .short: .lengthShort
        case .medium: .lengthMedium
        case .long: .lengthLong
        }
    }
}

extension PostMetric {
    public var label: L {
        switch self {
        case .likes: .metricLikes
        case .reposts: .metricReposts
        case .replies: .metricReplies
        case .quotes: .metricQuotes
        case .views: .metricViews
        case .reach: .metricReach
        case .clicks: .metricClicks
        case .saves: .metricSaves
        }
    }
}

extension ContentFindings.Dimension {
    public var label: L {
        switch self {
        case .kind: .contentKind
        case .imageTag: .contentImageTag
        case .hashtag: .contentHashtag
        case .length: .contentLength
        case .weekday: .contentWeekday
        case .campaign: .contentCampaign
        }
    }
}
