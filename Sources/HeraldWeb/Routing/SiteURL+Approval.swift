import Foundation
import HeraldApp
import HeraldStore

extension SiteURL {
    /// A new client approval link for a post, as an absolute URL on this installation.
    static func newApprovalLink(postID: UUID, box: SecretBox, baseURL: String) -> (url: String, expires: Date) {
        let link = WorkflowService.approvalLink(postID: postID, box: box)
        return (baseURL + SiteURL.clientApproval(postID, link.expires, link.signature).path,
                Date(timeIntervalSince1970: TimeInterval(link.expires)))
    }
}
