import FluentKit
import Foundation
import HeraldCore
import HeraldStore
import SQLKit

/// Keeps the analytics roll-up (`PublicationStats`) whole. A publication gets its row the first time
/// analytics looks at its period — those without one are found in a small partial index
/// (`publications.stats_at`), so a read that finds nothing to add costs one probe — and its numbers follow every metric reading
/// (`MetricsSync`). A new workspace time zone empties the workspace's rows; `rebuild` does the same
/// on request. Adding a row twice is harmless, so all of this may run at once in several processes.
package enum AnalyticsRollup {
    /// Rows are computed this many publications at a time.
    static let chunk = 2000

    /// Every publication of the workspace published in `[from, to)` has its row when this returns.
    package static func ensure(_ workspace: Workspace, from: Date, to: Date, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let workspaceID = try workspace.requireID()
        while true {
            let ids = try await PublicationStats.missing(workspace: workspaceID, from: from, to: to, limit: chunk, on: sql)
            guard !ids.isEmpty else { return }
            let rows = try await rows(workspace, ids: ids, on: database)
            try await database.writeTransaction { tx in
                guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
                // Every one asked about, row or not: one that has none to make is not asked for again.
                // Marked first: the insert takes the workspace's analytics lock, and a metrics reading
                // holds publication rows while it waits for that lock (the other order could deadlock).
                try await PublicationStats.markRolledUp(ids, on: sql)
                try await PublicationStats.insert(rows, on: sql)
            }
            if ids.count < chunk { return }
        }
    }

    /// The analytics window's sums (`AnalyticsWindow`) are those of the workspace's posts published
    /// in `[from, to)` when this returns (every row of the period must be there: `ensure` first).
    /// A read that finds no post crossing either edge since the last one writes nothing.
    package static func slide(_ workspace: Workspace, from: Date, to: Date, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let workspaceID = try workspace.requireID()
        guard try await AnalyticsWindow.pending(workspace: workspaceID, from: from, to: to, on: sql) else { return }
        try await database.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
            try await AnalyticsWindow.slide(workspace: workspaceID, from: from, to: to, on: sql)
        }
    }

    /// Empties the workspace's roll-up and fills it again from its publications; answers how many rows it wrote.
    @discardableResult
    package static func rebuild(_ workspace: Workspace, on database: any Database) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let workspaceID = try workspace.requireID()
        try await database.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
            try await PublicationStats.forget(workspace: workspaceID, on: sql)
        }
        try await ensure(workspace, from: .distantPast, to: .distantFuture, on: database)
        return try await sql.raw("SELECT COUNT(*) AS n FROM publication_stats WHERE workspace_id = \(bind: workspaceID)")
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The rows of these publications: what each was (kind, length, tags, hashtags, campaign) and when, in the workspace's zone.
    static func rows(_ workspace: Workspace, ids: [UUID], on database: any Database) async throws -> [PublicationStats.Row] {
        let workspaceID = try workspace.requireID()
        let published = try await AnalyticsRows.published(workspace: workspaceID, ids: ids, on: database)
        let files = Dictionary(try await PostService.mediaFiles(Array(Set(published.flatMap(\.media))), workspaceID: workspaceID, on: database)
            .compactMap { file in file.id.map { ($0, file) } }, uniquingKeysWith: { a, _ in a })
        let zone = workspace.zone
        return published.map { row in
            let media = row.media.compactMap { files[$0] }
            let post = PostPerformance(publicationID: row.publicationID, postID: row.postID, channelID: row.channelID,
                                       publishedAt: row.publishedAt, text: row.text,
                                       kind: .of(text: row.text, media: media.compactMap { MediaFormat(rawValue: $0.formatName) }, link: row.link),
                                       imageTags: media.flatMap(\.tagList), campaign: row.campaign, metrics: [:])
            let keys = ContentFindings.keys(of: post, .imageTag, zone: zone).map { (ContentFindings.Dimension.imageTag, $0) }
                + ContentFindings.keys(of: post, .hashtag, zone: zone).map { (ContentFindings.Dimension.hashtag, $0) }
            return PublicationStats.Row(publicationID: row.publicationID, workspaceID: workspaceID, channelID: row.channelID,
                                        campaignID: row.campaignID, publishedAt: row.publishedAt,
                                        localDay: Schedule.local(row.publishedAt, in: zone).dateString,
                                        hourOfWeek: BestTime.hourOfWeek(row.publishedAt, in: zone), kind: post.kind, length: post.length,
                                        keys: keys.map { (dimension: $0.0, value: $0.1) })
        }
    }
}
