import FluentKit
import HeraldCore

/// Terms of post queries written out rather than bound, so that the partial indexes made with the
/// very same terms (migration 0043) are used: a bound `status = ?` cannot be matched to an index
/// `WHERE status IN (…)`, and a status index alone makes SQLite with statistics scan the table
/// (it cannot tell a rare status from a common one).
public enum PostQueries {
    /// Posts not planned yet: draft, in review or approved.
    public static let unplanned: [PostStatus] = [.draft, .inReview, .approved]

    /// `status IN ('draft', 'in_review', 'approved')`, for a table named `posts` or aliased by `alias`.
    public static func unplannedTerm(_ alias: String? = nil) -> String {
        let column = alias.map { "\($0).status" } ?? "status"
        return "\(column) IN (" + unplanned.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"
    }
}

extension QueryBuilder where Model == Post {
    /// Only posts not planned yet, through the `posts_unplanned` index; `status` narrows them to one of those states.
    public func unplanned(_ status: PostStatus? = nil) -> Self {
        var query = filter(.sql(unsafeRaw: PostQueries.unplannedTerm("\"posts\"")))
        if let status { query = query.filter(\.$statusName == status.rawValue) }
        return query
    }
}
