import Foundation

/// A platform where media go up before the post that carries them (Mastodon's media ids, VK's
/// wall photos). The engine keeps the ids as a step of the publication, so an attempt after a
/// failed or lost post sends the same media instead of uploading them again.
public protocol MediaUploading: SocialPlatform {
    /// Uploads the attachments, in order; answers the platform's ids for them.
    func uploadMedia(_ attachments: [Attachment], credential: String) async throws(PlatformError) -> [String]
}
