import Foundation

/// A platform where a published post's text can be corrected in place (Mastodon, Telegram, VK).
/// Sending the same correction again changes nothing, so after a lost answer it is simply sent again.
public protocol Editing: SocialPlatform {
    /// Replaces the text (or caption) of the post `remoteID`, keeping its media.
    func edit(remoteID: String, text: String, credential: String) async throws(PlatformError)
}
