import FluentKit
import FluentSQL
import HeraldCore

/// Query terms written out rather than bound, so that the partial indexes made with the very same
/// terms are used: SQLite uses a partial index only for the term it was made with (a bound
/// `status = ?` never matches an index `WHERE status IN (…)`), and a status or priority index
/// alone cannot tell it a rare value from a common one. The migrations that make those indexes
/// take their terms from here too.
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

/// The inbox's short-target priorities, each with a partial index of its items (migration 0042).
public enum InboxQueries {
    public static let indexedPriorities: [InboxItem.Priority] = [.urgent, .high]

    /// `priority = 'urgent'` (or high), for a table named `inbox_items` or aliased by `alias`.
    public static func priorityTerm(_ priority: InboxItem.Priority, alias: String? = nil) -> String {
        "\(alias.map { "\($0)." } ?? "")priority = '\(priority.rawValue)'"
    }
}

extension QueryBuilder where Model == InboxItem {
    /// Only items of `priority`, through its partial index when it has one.
    public func priority(indexed priority: InboxItem.Priority) -> Self {
        InboxQueries.indexedPriorities.contains(priority)
            ? filter(.sql(unsafeRaw: InboxQueries.priorityTerm(priority, alias: "\"inbox_items\"")))
            : filter(\.$priorityName == priority.rawValue)
    }
}
