import FluentKit
import Foundation
import HeraldApp
import HeraldStore

extension SiteURL {
    /// A new client approval link for this version of a post, as an absolute URL on this installation.
    static func newApprovalLink(post: Post, workspace: Workspace, box: SecretBox, baseURL: String,
                                on database: any Database) async throws -> (url: String, expires: Date) {
        let link = try await WorkflowService.approvalLink(post: post, workspace: workspace, box: box, on: database)
        return (baseURL + SiteURL.clientApproval(try post.requireID(), link.expires, link.signature).path,
                Date(timeIntervalSince1970: TimeInterval(link.expires)))
    }
}
