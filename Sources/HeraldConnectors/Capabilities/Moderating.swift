import HeraldCore

/// What a person can do to a comment or message on the platform itself, from the inbox.
public enum ModerationAction: String, Sendable, CaseIterable, Codable {
    /// Like it as the account (Mastodon: favourite).
    case like
    /// Hide it from the public, where the platform allows the account to.
    case hide
    /// Delete it, where the platform allows the account to delete others' words on its posts.
    case delete
}

/// Liking, hiding or deleting items on the platform. Each platform offers what its API lets an
/// account do to someone else's words; the rest are not offered (and refused by name if asked).
public protocol Moderating: Conversations {
    func moderationActions(for kind: ConversationItem.Kind) -> Set<ModerationAction>
    func moderate(_ action: ModerationAction, remoteID: String, credential: String) async throws(PlatformError)
}
