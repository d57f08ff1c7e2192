import Foundation

/// A platform where a published post can be pinned to the top of the channel or wall (Telegram,
/// VK). Pinning the same post again changes nothing, so after a lost answer it is simply done again.
public protocol Pinning: SocialPlatform {
    /// Pins the post `remoteID`; `silently`: without notifying the audience where the platform asks.
    func pin(remoteID: String, credential: String, silently: Bool) async throws(PlatformError)
}
