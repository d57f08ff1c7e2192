import FluentKit
import Foundation
import HeraldCore
import SQLKit

/// What waits for one person in one workspace: posts and inbox replies to approve (for those who
/// approve), their own posts sent back with changes requested, open inbox items assigned to them,
/// and the workspace's problems (failed or unknown publications and later steps — first comments,
/// thread parts —, open notices, channels that need attention). Counted in one statement for the bell on every page; listed for the Notifications
/// page and the daily digest.
public enum Waiting {
    public struct Counts: Sendable, Equatable, Codable {
        public var postsToApprove = 0
        public var repliesToApprove = 0
        public var changesRequested = 0
        public var assignedToMe = 0
        public var problems = 0

        public init() {}

        /// The counts as far as `role` concerns them, from a row with `countsStatement`'s columns.
        init(_ row: any SQLRow, role: Role) throws {
            func int(_ column: String) throws -> Int { try row.decode(column: column, as: Int.self) }
            if role.allows(.approvePosts) {
                postsToApprove = try int("posts_to_approve")
                repliesToApprove = try int("replies_to_approve")
            }
            changesRequested = try int("changes_requested")
            assignedToMe = try int("assigned")
            if role.allows(.editPosts) {
                problems = try int("publications") + int("steps") + int("notices") + int("channels")
            }
        }

        /// What this person has to act on themselves.
        public var forMe: Int { postsToApprove + repliesToApprove + changesRequested + assignedToMe }
        public var total: Int { forMe + problems }
    }

    /// A post sent back to its author, with who asked and what they said.
    public struct Returned: Sendable {
        public var post: Post
        public var by: String
        public var comment: String?
        public var at: Date
    }

    /// Every count at once, as far as `role` concerns it: posts and replies to approve for those
    /// who approve, problems for those who can fix them (edit posts).
    public static func counts(workspaceID: UUID, userID: UUID, role: Role, now: Date = Date(),
                              on database: any Database) async throws -> Counts {
        guard let sql = database as? any SQLDatabase else { return Counts() }
        let row = try await sql.raw(countsStatement(workspaceID: workspaceID, userID: userID, now: now)).first()
        guard let row else { return Counts() }
        return try Counts(row, role: role)
    }

    /// The user's workspaces (as `TenancyQueries.listed` gives them) and the counts of what waits
    /// for them in one of those, in one statement: every page inside a workspace shows both (the
    /// switcher and the bell), and on PostgreSQL each statement is a round trip and a plan.
    public static func listedWithCounts(userID: UUID, workspaceID: UUID, role: Role, now: Date = Date(),
                                        on database: any Database) async throws -> (listed: [TenancyQueries.Listed], counts: Counts) {
        let rows = try await PreparedOnPostgres.rows(listedWithCountsStatement(userID: userID, workspaceID: workspaceID, now: now),
                                                     as: Frame.self, on: database)
        // No row: the user has no workspace left (removed a moment ago); nothing waits for them.
        guard let first = rows.first else { return ([], Counts()) }
        return (try TenancyQueries.listed(rows), try Counts(first, role: role))
    }

    private enum Frame: PreparedOnPostgres.Name { static let name = "listed_with_counts" }

    /// The statement behind `listedWithCounts`: the counts' one row beside each of the user's workspaces.
    public static func listedWithCountsStatement(userID: UUID, workspaceID: UUID, now: Date) -> SQLQueryString {
        """
        SELECT l.*, c.* FROM (\(TenancyQueries.listedStatement(of: userID))) l
        CROSS JOIN (\(countsStatement(workspaceID: workspaceID, userID: userID, now: now))) c
        """
    }

    /// The statement behind `counts` (one row of counts), for reading its plan in tests.
    public static func countsStatement(workspaceID w: UUID, userID: UUID, now: Date) -> SQLQueryString {
        """
        SELECT
          (SELECT count(*) FROM posts WHERE \(unsafeRaw: PostQueries.unplannedTerm()) AND status = \(bind: PostStatus.inReview.rawValue)
             AND workspace_id = \(bind: w)) AS posts_to_approve,
          (SELECT count(*) FROM inbox_replies WHERE state = 'pending_approval' AND workspace_id = \(bind: w)) AS replies_to_approve,
          (SELECT count(*) FROM posts p WHERE \(unsafeRaw: PostQueries.unplannedTerm("p")) AND p.status = \(bind: PostStatus.draft.rawValue) AND p.workspace_id = \(bind: w)
             AND p.author_id = \(bind: userID) AND \(lastStep("p")) = \(bind: PostWorkflow.Action.requestChanges.rawValue)) AS changes_requested,
          (SELECT count(*) FROM inbox_items WHERE workspace_id = \(bind: w) AND assigned_to = \(bind: userID) AND status = 'open'
             AND (snoozed_until IS NULL OR snoozed_until <= \(bind: now))) AS assigned,
          (SELECT count(*) FROM publications WHERE state IN ('failed', 'unknown') AND workspace_id = \(bind: w)) AS publications,
          (SELECT count(*) FROM publication_steps WHERE state IN ('failed', 'unknown') AND workspace_id = \(bind: w)) AS steps,
          (SELECT count(*) FROM notices WHERE workspace_id = \(bind: w) AND resolved_at IS NULL) AS notices,
          (SELECT count(*) FROM channels WHERE workspace_id = \(bind: w) AND archived_at IS NULL
             AND (state <> 'active' OR rate_paused_until > \(bind: now))) AS channels
        """
    }

    /// The last workflow step of post `alias` (submit, approve or request changes), as a subquery.
    private static func lastStep(_ alias: String) -> SQLQueryString {
        """
        (SELECT e.action FROM post_events e WHERE e.post_id = \(ident: alias).id AND e.action IN ('submit', 'approve', 'request_changes')
           ORDER BY e.created_at DESC LIMIT 1)
        """
    }

    /// Posts in review, the longest waiting first.
    public static func postsToApprove(workspaceID: UUID, limit: Int = 50, on database: any Database) async throws -> [Post] {
        try await Post.scoped(to: workspaceID, on: database).unplanned(.inReview)
            .sort(\.$updatedAt).limit(limit).all()
    }

    /// Inbox answers waiting for an approver, with the item they answer, the longest waiting first.
    public static func repliesToApprove(workspaceID: UUID, limit: Int = 50, on database: any Database) async throws -> [InboxReply] {
        try await InboxReply.scoped(to: workspaceID, on: database).filter(\.$state == "pending_approval")
            .with(\.$item).sort(\.$createdAt).limit(limit).all()
    }

    /// `userID`'s own drafts whose last workflow step asked for changes, the most recent request first.
    public static func changesRequested(workspaceID: UUID, userID: UUID, limit: Int = 50, on database: any Database) async throws -> [Returned] {
        guard let sql = database as? any SQLDatabase else { return [] }
        let ids = try await sql.raw("""
            SELECT p.id FROM posts p WHERE \(unsafeRaw: PostQueries.unplannedTerm("p")) AND p.status = \(bind: PostStatus.draft.rawValue)
              AND p.workspace_id = \(bind: workspaceID)
              AND p.author_id = \(bind: userID) AND \(lastStep("p")) = \(bind: PostWorkflow.Action.requestChanges.rawValue)
            LIMIT \(unsafeRaw: String(max(1, min(limit, 500))))
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        guard !ids.isEmpty else { return [] }
        let posts = try await Post.scoped(to: workspaceID, on: database).filter(\.$id ~~ ids).all()
        let requests = try await PostEvent.scoped(to: workspaceID, on: database).filter(\.$post.$id ~~ ids)
            .filter(\.$action == PostWorkflow.Action.requestChanges.rawValue).sort(\.$createdAt, .descending).all()
        var latest: [UUID: PostEvent] = [:]
        for event in requests where latest[event.$post.id] == nil { latest[event.$post.id] = event }
        return posts.compactMap { post in
            guard let id = post.id, let event = latest[id] else { return nil }
            return Returned(post: post, by: event.actorName, comment: event.comment, at: event.createdAt)
        }.sorted { $0.at > $1.at }
    }
}
