import FluentKit
import Foundation
import HeraldCore

/// One page of a list: every list Herald answers is bounded (`maxLimit`), never "all of them".
/// `offset` counts from the start of the list in its order; a page asks for one more row than
/// it shows, to know whether another page follows.
package struct PageRequest: Sendable, Hashable {
    package static let defaultLimit = 50
    package static let maxLimit = 200

    package var limit: Int
    package var offset: Int

    package init(limit: Int = defaultLimit, offset: Int = 0) {
        self.limit = limit
        self.offset = offset
    }

    /// From `?limit=&offset=`; out-of-range values are refused by name.
    package static func parse(limit: String?, offset: String?) throws(ValidationError) -> PageRequest {
        var page = PageRequest()
        if let limit, !limit.isEmpty {
            guard let value = Int(limit), (1...maxLimit).contains(value) else {
                throw ValidationError(code: "out_of_range", field: "limit", message: .init(.errorOutOfRange, "1", String(maxLimit)))
            }
            page.limit = value
        }
        if let offset, !offset.isEmpty {
            guard let value = Int(offset), (0...1_000_000).contains(value) else {
                throw ValidationError(code: "out_of_range", field: "offset", message: .init(.errorOutOfRange, "0", "1000000"))
            }
            page.offset = value
        }
        return page
    }

    /// The page's rows of a query already sorted, and the next page's offset when there is one.
    package func fetch<M: Model>(_ query: QueryBuilder<M>) async throws -> (items: [M], next: Int?) {
        let rows = try await query.range(offset..<(offset + limit + 1)).all()
        return (Array(rows.prefix(limit)), rows.count > limit ? offset + limit : nil)
    }
}
