import Foundation

/// Links in posts sent through Herald's own short links (`{base}/l/{slug}`), so each click is
/// counted per post, channel and campaign. A link's slug follows from the post, the channel and
/// the link itself, so the composer shows the very link the publisher will send — and sending
/// again (a retry) finds the same short link. While a post is being written (no id yet) the
/// slug is shown as `--------`: the same length, so every limit is counted as it will be.
public struct LinkShortening: Sendable, Equatable {
    /// Herald's public address, without a trailing slash (`https://herald.example`).
    public var base: String
    public var postID: UUID?
    public var channelID: UUID?

    public init(base: String, postID: UUID? = nil, channelID: UUID? = nil) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.postID = postID
        self.channelID = channelID
    }

    public static let slugLength = 8
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    public static let placeholder = String(repeating: "-", count: slugLength)

    /// The short link for `url` on this post and channel.
    public func short(_ url: String) -> String { "\(base)/l/\(slug(for: url))" }

    public func slug(for url: String) -> String {
        guard let postID, let channelID else { return Self.placeholder }
        return Self.slug(post: postID, channel: channelID, url: url)
    }

    /// Eight base-62 characters of a 64-bit FNV-1a hash of post, channel and link (a stored slug is
    /// unique in the database, which refuses the rare clash rather than sending a wrong link).
    public static func slug(post: UUID, channel: UUID, url: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Array("\(post.text.lowercased())|\(channel.text.lowercased())|\(url)".utf8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        var characters: [Character] = []
        for _ in 0..<slugLength {
            characters.append(alphabet[Int(hash % 62)])
            hash /= 62
        }
        return String(characters)
    }

    /// Whether `text` is a slug Herald could have made (the redirect refuses anything else at once).
    public static func isSlug(_ text: Substring) -> Bool {
        text.count == slugLength && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// Every http(s) link of `text` that is not already one of ours.
    public func links(in text: String) -> [String] {
        URLDetector.urls(in: text, allowBareDomains: false).map { String(text[$0]) }.filter(shortens)
    }

    func shortens(_ url: String) -> Bool {
        !url.hasPrefix(base + "/") && (url.hasPrefix("http://") || url.hasPrefix("https://"))
    }

    /// `text` with each of its links replaced by its short link.
    public func apply(to text: String) -> String {
        var result = text
        for range in URLDetector.urls(in: text, allowBareDomains: false).reversed() where shortens(String(text[range])) {
            result.replaceSubrange(range, with: short(String(text[range])))
        }
        return result
    }
}

/// Clients that fetch links without a person behind them: crawlers, link previews, monitors and
/// command-line tools. Their visits are redirected like anyone's but not counted.
public enum BotFilter {
    static let markers = ["bot", "crawl", "spider", "slurp", "preview", "facebookexternalhit", "facebookcatalog", "embedly", "vkshare",
                          "whatsapp", "telegram", "skype", "curl", "wget", "python-", "httpclient", "okhttp", "go-http", "java/", "headless",
                          "lighthouse", "monitor", "check", "scan", "fetch", "bitlybot", "outbrain", "pinterest", "mastodon", "akkoma",
                          "pleroma", "misskey", "bluesky", "cardyb", "iframely"]

    public static func isBot(userAgent: String?) -> Bool {
        guard let agent = userAgent?.lowercased(), agent.count >= 10 else { return true }
        return markers.contains { agent.contains($0) }
    }
}
