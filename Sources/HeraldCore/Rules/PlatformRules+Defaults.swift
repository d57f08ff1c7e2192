/// The defaults per platform, from each platform's published documentation and, where we have
/// it, its machine-readable spec in ../shared/specs (Bluesky lexicons, Telegram Bot API). Where a
/// platform publishes no exact number we choose the conservative reading and say so; counting in
/// UTF-16 code units is never more lenient than counting characters.
extension PlatformRules {
    static let megabyte = 1_048_576

    public static func defaults(for platform: Platform) -> PlatformRules {
        let mb = megabyte
        switch platform {
        case .sandbox:
            return .init(platform: platform, text: .init(.graphemes, 1000),
                         media: .init(maxItems: 4, formats: Set(MediaFormat.allCases), maxImageBytes: 10 * mb,
                                      maxVideoBytes: 100 * mb, altText: true, maxAltTextLength: 1500))
        case .mastodon:
            // Server defaults of Mastodon 4.x; every server reports its own in /api/v2/instance.
            // No link attachment (a link card comes from a URL in the text); the first comment is a
            // reply; the content warning counts toward the 500.
            return .init(platform: platform, text: .init(.mastodon(urlLength: 23), 500),
                         media: .init(maxItems: 4, formats: Set(MediaFormat.allCases), maxImageBytes: 16 * mb,
                                      maxVideoBytes: 99 * mb, altText: true, maxAltTextLength: 1500),
                         linkAttachment: false, countsContentWarning: true, threads: true)
        case .bluesky:
            // app.bsky.feed.post: text maxGraphemes 300, maxLength 3000 (bytes); app.bsky.embed.images:
            // 4 images of at most 2,000,000 bytes. Video (app.bsky.embed.video, through Bluesky's
            // separate video service) is not sent by Herald yet, so the composer refuses it up front.
            // The first comment is the account's own reply; a link becomes a link card.
            return .init(platform: platform, text: .init(.graphemes, 300, maximumUTF8Bytes: 3000),
                         media: .init(maxItems: 4, formats: [.jpeg, .png, .webp], maxImageBytes: 2_000_000,
                                      maxVideoBytes: 300_000_000, altText: true),
                         threads: true)
        case .telegram:
            // Bot API: message text 1–4096 and captions 0–1024 characters after entity parsing
            // (entity offsets are UTF-16 code units); media groups of 2–10; uploads of photos
            // up to 10 MB and other files up to 50 MB.
            // A channel post has no comments of its own (they live in a linked group): no first comment.
            return .init(platform: platform, text: .init(.utf16, 4096), caption: .init(.utf16, 1024),
                         media: .init(maxItems: 10, formats: Set(MediaFormat.allCases), maxImageBytes: 10 * mb,
                                      maxGIFBytes: 50 * mb, maxVideoBytes: 50 * mb, maxVideos: 10, altText: false),
                         firstComment: false)
        case .vk:
            // wall.post: message up to 16,384 characters; at most 10 attachments (a link is one).
            // Herald sends images through the wall photo upload (50 MB each); video (video.save)
            // is not sent yet, so the composer refuses it up front.
            return .init(platform: platform, text: .init(.utf16, 16_384),
                         media: .init(maxItems: 10, formats: [.jpeg, .png, .gif], maxImageBytes: 50 * mb,
                                      maxVideoBytes: 2048 * mb, maxVideos: 10, altText: false))
        case .x:
            // twitter-text v3: 280 weighted; 4 images or one GIF or one video; images 5 MB, GIFs 15 MB,
            // video 512 MB; alt text up to 1000 characters.
            // No link attachment: a card comes from a URL in the text.
            return .init(platform: platform, text: .init(.xWeighted, 280),
                         media: .init(maxItems: 4, formats: Set(MediaFormat.allCases), maxImageBytes: 5 * mb,
                                      maxGIFBytes: 15 * mb, maxVideoBytes: 512 * mb, altText: true, maxAltTextLength: 1000),
                         linkAttachment: false, threads: true)
        case .facebook:
            // Page posts: 63,206 characters; photos up to 10 MB; alt text through `alt_text_custom`.
            return .init(platform: platform, text: .init(.utf16, 63_206),
                         media: .init(maxItems: 10, formats: [.jpeg, .png, .gif, .webp, .mp4], maxImageBytes: 10 * mb,
                                      maxVideoBytes: 4096 * mb, altText: true))
        case .instagram:
            // Content publishing: captions 2,200 characters and 30 hashtags; no text-only posts;
            // carousels of up to 10; images JPEG only, 8 MB, aspect 4:5 to 1.91:1; links in captions
            // are not clickable.
            return .init(platform: platform, text: .init(.utf16, 2200), requiresMedia: true,
                         media: .init(maxItems: 10, formats: [.jpeg, .mp4], maxImageBytes: 8 * mb,
                                      maxVideoBytes: 300 * mb, maxVideos: 10, aspectRatio: 0.8...1.91, altText: true),
                         maxHashtags: 30, clickableLinks: false, linkAttachment: false)
        case .threads:
            // 500 characters with emoji counted by their UTF-8 length; one topic tag; carousels of up
            // to 20; images JPEG or PNG up to 8 MB; video up to 1 GB.
            return .init(platform: platform, text: .init(.threads, 500),
                         media: .init(maxItems: 20, formats: [.jpeg, .png, .mp4], maxImageBytes: 8 * mb,
                                      maxVideoBytes: 1024 * mb, maxVideos: 20, altText: true, maxAltTextLength: 1000),
                         maxHashtags: 1, threads: true)
        case .linkedin:
            // Posts API: commentary up to 3,000 characters (its "little text" format needs reserved
            // characters escaped; counted on the unescaped text); multi-image posts of up to 20;
            // image alt text up to 4,086 characters.
            return .init(platform: platform, text: .init(.utf16, 3000),
                         media: .init(maxItems: 20, formats: [.jpeg, .png, .gif, .mp4], maxImageBytes: 10 * mb,
                                      maxVideoBytes: 500 * mb, altText: true, maxAltTextLength: 4086))
        case .odnoklassniki:
            // OK publishes no hard text limit for group media topics; 16,384 is the conservative
            // figure we apply until a connector reads a better one.
            return .init(platform: platform, text: .init(.utf16, 16_384),
                         media: .init(maxItems: 10, formats: [.jpeg, .png, .gif, .mp4], maxImageBytes: 20 * mb,
                                      maxVideoBytes: 2048 * mb, altText: false))
        }
    }
}
