import Foundation
import SQLKit

/// What a list of posts is narrowed to besides its workspace: a channel the post targets, its
/// campaign, its status, its author. The calendar, the list view and the API's post list take the
/// same filter and write it into SQL the same way (`conditions(of:)`).
public struct PostFilter: Sendable {
    public var workspaceID: UUID
    public var channel: UUID?
    public var campaign: UUID?
    public var status: String?
    public var author: UUID?

    public init(workspaceID: UUID, channel: UUID? = nil, campaign: UUID? = nil, status: String? = nil, author: UUID? = nil) {
        self.workspaceID = workspaceID
        self.channel = channel
        self.campaign = campaign
        self.status = status
        self.author = author
    }

    /// The workspace alone: the calendar as it opens, the API list unfiltered (their statements are
    /// prepared on PostgreSQL; a filtered read has another text and is planned each time).
    var narrowsNothing: Bool { channel == nil && campaign == nil && status == nil && author == nil }

    /// `WHERE` conditions after the workspace's, on posts aliased `alias`, each starting with ` AND`:
    /// a post is on `channel` when it targets it (however many targets it has: no duplicate rows).
    func conditions(of alias: String) -> SQLQueryString {
        var query = SQLQueryString("")
        if let channel {
            query.appendInterpolation(unsafeRaw: " AND EXISTS (SELECT 1 FROM post_targets t WHERE t.post_id = \(alias).id AND t.channel_id = ")
            query.appendInterpolation(bind: channel)
            query.appendInterpolation(unsafeRaw: ")")
        }
        if let campaign { query.appendInterpolation(unsafeRaw: " AND \(alias).campaign_id = "); query.appendInterpolation(bind: campaign) }
        if let status { query.appendInterpolation(unsafeRaw: " AND \(alias).status = "); query.appendInterpolation(bind: status) }
        if let author { query.appendInterpolation(unsafeRaw: " AND \(alias).author_id = "); query.appendInterpolation(bind: author) }
        return query
    }
}
