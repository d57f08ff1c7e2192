import Foundation
import HeraldCore

/// What the publishing engine needs from a platform. One conforming type per platform folder
/// (Mastodon, Bluesky, Telegram, VK, …) plus the built-in Sandbox network.
public protocol SocialPlatform: Sendable {
    var platform: Platform { get }

    /// Publishes once. `request.idempotencyKey` is passed to the platform where it has such a
    /// mechanism (Mastodon `Idempotency-Key`, Bluesky record key, VK `guid`).
    func publish(_ request: PublishRequest, credential: String) async throws(PlatformError) -> PublishedPost

    /// Whether the post of this request already exists on the platform: how the engine resolves
    /// an `unknown` outcome (no answer after the platform may have stored the post) before it
    /// sends again. It must read the platform — never re-send and trust the server to remember an
    /// idempotency key (servers forget them, or never had them). Nil: not there, safe to send.
    func findPublished(_ request: PublishRequest, credential: String) async throws(PlatformError) -> PublishedPost?

    /// Whether `findPublished` can read the platform at all. Where it cannot (Telegram keeps no
    /// idempotency keys and cannot list a channel's posts), the engine leaves an unknown outcome
    /// to a person (`PublicationProblem.askPerson`) and never sends again by itself.
    var canFindPublished: Bool { get }

    /// Who the credential belongs to (a handle to show), after asking the platform: how a channel
    /// is checked when it is connected, so a wrong token is refused then, not at the first post.
    func verify(_ credential: ChannelCredential) async throws(PlatformError) -> String

    /// A fresh credential for one that is about to expire, or nil when this platform's
    /// credentials cannot be refreshed (then the person reconnects the channel before it expires;
    /// Herald warns days ahead).
    func refresh(_ credential: ChannelCredential) async throws(PlatformError) -> ChannelCredential?

    /// How a channel of this platform is connected.
    var connectFlow: ConnectFlow { get }
    /// Its page in `docs/platforms/`.
    var docsPage: String { get }
}

extension SocialPlatform {

    public func refresh(_ credential: ChannelCredential) async throws(PlatformError) -> ChannelCredential? { nil }
}

public struct PublishRequest: Sendable, Equatable {
    public var text: String
    public var idempotencyKey: String
    /// Validated platform options of this channel (see `PlatformOption`).
    public var options: [String: String]
    /// The attached library files, as the platform rules see them.
    public var media: [MediaItem]
    /// The same files on disk, for connectors that upload them.
    public var attachments: [Attachment]
    /// The link attachment, for platforms that take one (the composer refuses it elsewhere).
    public var link: String?
    /// For `findPublished`: where to look.
    public var lookup: Lookup?
    /// Media already uploaded for this publication (`MediaUploading`): sent instead of `attachments`.
    public var uploadedMedia: [String]?

    public init(text: String, idempotencyKey: String, options: [String: String] = [:], media: [MediaItem] = [],
                attachments: [Attachment] = [], link: String? = nil, lookup: Lookup? = nil) {
        self.link = link
        self.text = text
        self.idempotencyKey = idempotencyKey
        self.options = options
        self.media = media
        self.attachments = attachments
        self.lookup = lookup
    }

    /// What reconciliation knows: when the earlier attempt went out, and which posts on this
    /// account are already other publications' (so two identical posts are not both matched to one).
    public struct Lookup: Sendable, Equatable {
        public var sentAt: Date
        public var claimedRemoteIDs: Set<String>

        public init(sentAt: Date, claimedRemoteIDs: Set<String> = []) {
            self.sentAt = sentAt
            self.claimedRemoteIDs = claimedRemoteIDs
        }
    }
}

/// A file to upload with a post.
public struct Attachment: Sendable, Equatable {
    public var fileName: String
    public var mimeType: String
    public var altText: String?
    /// Where the bytes are (the media library's file).
    public var path: String

    public init(fileName: String, mimeType: String, altText: String?, path: String) {
        self.fileName = fileName
        self.mimeType = mimeType
        self.altText = altText
        self.path = path
    }
}

public struct PublishedPost: Sendable, Equatable {
    public var remoteID: String
    public var url: URL?
    public var publishedAt: Date
    /// For a post found by reconciliation: how it was recognised (kept on the publication).
    public var match: String?

    public init(remoteID: String, url: URL?, publishedAt: Date, match: String? = nil) {
        self.remoteID = remoteID
        self.url = url
        self.publishedAt = publishedAt
        self.match = match
    }
}

/// A platform's answer, sorted by what the engine should do about it.
public enum PlatformError: Error, Sendable, Equatable {
    /// The credential is invalid or expired: the channel needs reconnecting; retrying is useless.
    case unauthorized(message: String)
    /// The platform refused this content (too long, wrong media…): fix the post; do not retry.
    case rejected(message: String)
    /// Slow down; the account may try again after the given delay.
    case rateLimited(retryAfter: Duration?)
    /// A passing fault (5xx, connection refused before sending): safe to retry.
    case transient(message: String)
    /// No answer after the request may have reached the platform: outcome unknown; reconcile first.
    case outcomeUnknown(message: String)

    /// The platform's own words (or ours, for a request that never arrived), to quote to people.
    public var message: String? {
        switch self {
        case .unauthorized(let message), .rejected(let message), .transient(let message), .outcomeUnknown(let message): message
        case .rateLimited: nil
        }
    }

    /// The platform said no to the credential or the request (as opposed to not answering).
    public var isRefusal: Bool {
        switch self {
        case .unauthorized, .rejected: true
        case .rateLimited, .transient, .outcomeUnknown: false
        }
    }

    public var isRetryable: Bool {
        switch self {
        case .rateLimited, .transient: true
        case .unauthorized, .rejected, .outcomeUnknown: false
        }
    }
}
