import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// Every post published in a period with its latest numbers, as CSV: one line per post and
/// channel; a metric the platform does not give is an empty cell, never 0. Times in the
/// workspace's zone; cells that a spreadsheet would run as formulas are defused.
package enum AnalyticsExport {
    package static func csv(_ access: WorkspaceAccess, from: Date, to: Date, scope: AnalyticsQuery.Scope = .init(),
                            on database: any Database) async throws -> String {
        let posts = try await AnalyticsQuery.performance(access, from: from, to: to, scope: scope, on: database)
            .sorted { ($0.publishedAt, $0.publicationID.text) < ($1.publishedAt, $1.publicationID.text) }
        let channels = Dictionary(try await SocialChannel.scoped(to: access.workspaceID, on: database).all().compactMap { c in c.id.map { ($0, c) } },
                                  uniquingKeysWith: { a, _ in a })
        let zone = access.workspace.zone
        let cell = CSVTable.cell
        var lines = [(["published_at", "post_id", "channel", "platform", "kind", "campaign", "hashtags", "image_tags", "characters"]
                      + PostMetric.allCases.map(\.rawValue) + ["interactions", "text"]).joined(separator: ",")]
        for post in posts {
            let channel = channels[post.channelID]
            var fields = [Schedule.local(post.publishedAt, in: zone).description, post.postID.text.lowercased(), cell(channel?.name ?? ""),
                          channel?.platformName ?? "", post.kind.rawValue, cell(post.campaign ?? ""), cell(post.hashtags.joined(separator: " ")),
                          cell(post.imageTags.joined(separator: " ")), String(post.text.count)]
            fields += PostMetric.allCases.map { post.metrics[$0].map(String.init) ?? "" }
            fields += [String(post.interactions), cell(post.text)]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
