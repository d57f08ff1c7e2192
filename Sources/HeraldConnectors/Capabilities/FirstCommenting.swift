import Foundation

/// A platform where a post can get its author's first comment (Mastodon: a reply from the same
/// account; the Sandbox network: a comment). Platforms without it do not conform, and the
/// composer refuses a first comment for them (`PlatformRules.firstComment`).
public protocol FirstCommenting: SocialPlatform {
    /// Sends the comment once.
    func comment(_ request: CommentRequest, credential: String) async throws(PlatformError) -> PublishedPost
    /// Whether the comment is already there (by reading the platform), for an unknown outcome.
    func findComment(_ request: CommentRequest, credential: String) async throws(PlatformError) -> PublishedPost?
}

public struct CommentRequest: Sendable, Equatable {
    /// The post it belongs to, as the platform knows it.
    public var parentRemoteID: String
    public var text: String
    public var idempotencyKey: String
    /// Options of the post that a reply should share (Mastodon's visibility).
    public var options: [String: String]
    public var lookup: PublishRequest.Lookup?

    public init(parentRemoteID: String, text: String, idempotencyKey: String, options: [String: String] = [:],
                lookup: PublishRequest.Lookup? = nil) {
        self.parentRemoteID = parentRemoteID
        self.text = text
        self.idempotencyKey = idempotencyKey
        self.options = options
        self.lookup = lookup
    }
}
