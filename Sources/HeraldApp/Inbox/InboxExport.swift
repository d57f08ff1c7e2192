import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// The inbox as CSV, oldest first, page by page (a million items never sit in memory at once):
/// what arrived since a date, with where each item stands and how fast it was answered.
package enum InboxExport {
    package static let header = "id,channel,platform,kind,at,author,text,status,priority,labels,department,assigned_to,sentiment,urgent,first_response_at,resolved_at"

    /// `since` as `YYYY-MM-DD` in the workspace's zone (nil: everything).
    package static func since(_ access: WorkspaceAccess, _ raw: String?) throws -> Date? {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        let day = try LocalDateTime.parse(date: raw, time: "00:00", dateField: "since")
        return Schedule.instant(of: day, in: access.workspace.zone).date
    }

    /// Writes the header and every item since `since`, a page at a time, through `write`.
    package static func write(_ access: WorkspaceAccess, since: Date?, pageSize: Int = 1000, on database: any Database,
                              _ write: (String) async throws -> Void) async throws {
        try access.require(.exportData)
        let members = Dictionary(try await TenancyQueries.members(of: access.workspaceID, on: database).map { ($0.$user.id, $0.user.email) },
                                 uniquingKeysWith: { a, _ in a })
        let departments = Dictionary(try await Department.scoped(to: access.workspaceID, on: database).all().compactMap { d in d.id.map { ($0, d.name) } },
                                     uniquingKeysWith: { a, _ in a })
        let channels = Dictionary(try await SocialChannel.scoped(to: access.workspaceID, on: database).all().compactMap { c in c.id.map { ($0, c) } },
                                  uniquingKeysWith: { a, _ in a })
        try await write(header + "\n")
        var after: (Date, UUID)?
        while true {
            var query = InboxItem.scoped(to: access.workspaceID, on: database)
            if let since { query = query.filter(\.$at >= since) }
            if let (at, id) = after {
                query = query.group(.or) { group in
                    group.filter(\.$at > at).group(.and) { same in same.filter(\.$at == at).filter(\.$id > id) }
                }
            }
            let page = try await query.sort(\.$at).sort(\.$id).limit(pageSize).all()
            guard let last = page.last, let lastID = last.id else { return }
            var chunk = ""
            for item in page {
                let channel = channels[item.$channel.id]
                let fields: [String] = [
                    item.id?.text.lowercased() ?? "", channel?.name ?? "", channel?.platformName ?? "", item.kindName,
                    iso(item.at), item.authorName, item.text, item.statusName, item.priority.rawValue, item.labels.joined(separator: ","),
                    item.departmentID.flatMap { departments[$0] } ?? "", item.assignedTo.flatMap { members[$0] } ?? "",
                    item.sentiment ?? "", item.urgent == true ? "yes" : "no", item.firstResponseAt.map(iso) ?? "", item.resolvedAt.map(iso) ?? "",
                ]
                chunk += fields.map(CSVTable.cell).joined(separator: ",") + "\n"
            }
            try await write(chunk)
            after = (last.at, lastID)
            if page.count < pageSize { return }
        }
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter.string(from: date, timeZone: .gmt, formatOptions: [.withInternetDateTime]) }
}
