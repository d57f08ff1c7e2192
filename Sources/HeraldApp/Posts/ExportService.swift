import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// Everything of one workspace, for backups and leaving. Credentials are never exported. Posts
/// are read a page at a time (`postPageSize`, in id order: a key that compares exactly on both
/// databases, unlike timestamps), so an export of 100,000 posts is streamed out with a bounded
/// amount of memory instead of being built whole.
package enum ExportService {
    package static let postPageSize = 500

    package struct Header: Sendable {
        package var exportedAt: Date
        package var members: [Membership]
        package var channels: [SocialChannel]

        package init(exportedAt: Date, members: [Membership], channels: [SocialChannel]) {
            self.exportedAt = exportedAt
            self.members = members
            self.channels = channels
        }
    }

    package static func header(_ access: WorkspaceAccess, now: Date = Date(), on database: any Database) async throws -> Header {
        try access.require(.exportData)
        return Header(exportedAt: now,
                      members: try await TenancyQueries.members(of: access.workspaceID, on: database),
                      channels: try await SocialChannel.scoped(to: access.workspaceID, on: database).sort(\.$name).all())
    }

    /// The posts after `cursor` (the last page's last id), at most `postPageSize`; empty at the end.
    package static func posts(_ access: WorkspaceAccess, after cursor: UUID?, on database: any Database) async throws -> [Post] {
        try access.require(.exportData)
        var query = Post.scoped(to: access.workspaceID, on: database)
        if let cursor { query = query.filter(\.$id > cursor) }
        return try await query.sort(\.$id).limit(postPageSize).all()
    }
}
