import FluentKit
import Foundation
import HeraldCore
import HeraldJobs
import HeraldStore

/// Bulk import of posts from CSV. Every row is checked (time, zone, channels, campaign, each
/// channel's rules, the brand voice) before anything is written; then either all rows are saved
/// in one transaction, or, when asked, only the valid ones.
package enum ImportService {
    package static let columns = ["date", "time", "time_zone", "channels", "text", "media", "campaign", "first_comment"]
    package static let required = ["date", "time", "channels", "text"]
    package static let maxRows = 5000

    package struct Problem: Sendable, Equatable {
        package var line: Int
        package var column: String
        package var message: LocalizedText
        /// The channel a voice or ad finding is about (platform messages name their platform).
        package var channel: String? = nil

        package func text(in language: Language) -> String {
            (channel.map { $0 + ": " } ?? "") + message.rendered(in: language)
        }

        package init(line: Int, column: String, message: LocalizedText, channel: String? = nil) {
            self.line = line
            self.column = column
            self.message = message
            self.channel = channel
        }
    }

    package struct Report: Sendable {
        package var rows: Int
        package var valid: Int
        package var imported: Int
        package var problems: [Problem]

        package init(rows: Int, valid: Int, imported: Int, problems: [Problem]) {
            self.rows = rows
            self.valid = valid
            self.imported = imported
            self.problems = problems
        }
    }

    private struct Row {
        package var line: Int
        package var local: LocalDateTime
        package var zone: TimeZoneName
        package var instant: Date
        package var channels: [SocialChannel]
        package var text: String
        package var campaign: UUID?
        package var firstComment: String?
        package var media: [MediaFile]
    }

    package static func run(_ access: WorkspaceAccess, csv: some Collection<UInt8>, onlyValid: Bool, dryRun: Bool, now: Date = Date(),
                    notifier: Notifier? = nil, on database: any Database) async throws -> Report {
        try access.require(.editPosts)
        let table = try CSVTable.parse(bytes: csv)
        if let unknown = table.header.first(where: { !columns.contains($0) }) {
            throw ValidationError(code: "unknown_column", field: unknown,
                                  message: .init(.importUnknownColumn, unknown, columns.joined(separator: ", ")))
        }
        if let missing = required.first(where: { !table.header.contains($0) }) {
            throw ValidationError(code: "missing_column", field: missing, message: .init(.importMissingColumn, missing))
        }
        guard table.rows.count <= maxRows else {
            throw ValidationError(code: "too_many_rows", field: nil, message: .init(.importTooManyRows, String(maxRows)))
        }
        let channels = try await ChannelService.list(access, on: database)
        let campaigns = try await CampaignService.list(access, on: database)
        // Only the library files the rows name (by file name or id), not the whole library.
        let library = try await MediaService.named(access, Set(table.rows.flatMap { row in
            (table.header.firstIndex(of: "media").map { row.fields[$0] } ?? "").split(separator: "|")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }), on: database)
        var problems: [Problem] = []
        var rows: [Row] = []
        for (line, fields) in table.rows {
            let value = { (name: String) -> String in
                table.header.firstIndex(of: name).map { fields[$0].trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            }
            var rowProblems: [Problem] = []
            func problem(_ column: String, _ message: LocalizedText, channel: String? = nil) {
                rowProblems.append(.init(line: line, column: column, message: message, channel: channel))
            }

            var local: LocalDateTime?
            do { local = try LocalDateTime.parse(date: value("date"), time: value("time")) } catch {
                problem(error.field ?? "date", error.message)
            }
            var zone = access.workspace.zone
            if !value("time_zone").isEmpty {
                do { zone = try TimeZoneName.parse(value("time_zone"), field: "time_zone") } catch { problem("time_zone", error.message) }
            }
            var targets: [SocialChannel] = []
            let names = value("channels").split(whereSeparator: { $0 == "|" || $0 == ";" })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if names.isEmpty { problem("channels", .init(.scheduleNoChannels)) }
            for name in names {
                if let channel = channels.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) {
                    targets.append(channel)
                } else {
                    problem("channels", .init(.importUnknownChannel, name))
                }
            }
            let text = value("text")
            if text.isEmpty { problem("text", .init(.errorRequired)) }
            var media: [MediaFile] = []
            for name in value("media").split(separator: "|").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                if let file = library.first(where: { $0.fileName == name || $0.id?.text.lowercased() == name.lowercased() }) {
                    media.append(file)
                } else {
                    problem("media", .init(.importMediaMissing, name))
                }
            }
            var campaign: UUID?
            if !value("campaign").isEmpty {
                campaign = campaigns.first { $0.name.caseInsensitiveCompare(value("campaign")) == .orderedSame }?.id
                if campaign == nil { problem("campaign", .init(.importUnknownCampaign, value("campaign"))) }
            }
            var instant: Date?
            if let local {
                let when = Schedule.instant(of: local, in: zone).date
                if when <= now { problem("date", .init(.scheduleInPast, local.description)) } else { instant = when }
            }
            if !text.isEmpty {
                let context = try await PostService.assemblyContext(isAd: false, advertiser: nil, token: nil, campaignID: campaign,
                                                                    workspace: access.workspace, on: database)
                let content = VariantContent(text: text, firstComment: value("first_comment"), media: media.map(\.asMediaItem))
                for channel in targets {
                    guard let platform = channel.platform else { continue }
                    let check = PostService.assemble(content, for: platform, context: context, rules: channel.rules).check
                    for finding in check.findings where finding.severity == .block {
                        problem(finding.field == "first_comment" ? "first_comment" : "text", finding.message, channel: finding.source == .platform ? nil : channel.name)
                    }
                }
            }
            if rowProblems.isEmpty, let local, let instant {
                rows.append(Row(line: line, local: local, zone: zone, instant: instant, channels: targets, text: text,
                                campaign: campaign, firstComment: value("first_comment").isEmpty ? nil : value("first_comment"),
                                media: media))
            }
            problems += rowProblems
        }
        let report = Report(rows: table.rows.count, valid: rows.count, imported: 0, problems: problems)
        guard !dryRun, !rows.isEmpty, problems.isEmpty || onlyValid else { return report }
        try await save(rows, access: access, notifier: notifier, on: database)
        return Report(rows: report.rows, valid: report.valid, imported: rows.count, problems: problems)
    }

    /// All rows in one transaction. With approval required, posts go to review (the planned
    /// time is noted in the log) instead of onto the schedule.
    private static func save(_ rows: [Row], access: WorkspaceAccess, notifier: Notifier?, on database: any Database) async throws {
        let actor = WorkflowService.actor(access)
        try await database.writeTransaction { tx in
            var inReview: [Post] = []
            for row in rows {
                let post = Post(workspaceID: access.workspaceID, authorID: access.userID, text: row.text)
                post.campaignID = row.campaign
                post.mediaIDs = row.media.compactMap(\.id)
                let planned = Schedule.local(row.instant, in: row.zone).description
                if access.workspace.approvalRequired {
                    post.statusName = PostStatus.inReview.rawValue
                } else {
                    post.statusName = PostStatus.scheduled.rawValue
                    post.scheduledAt = row.instant
                    post.scheduledLocal = planned
                    post.scheduledZone = row.zone.identifier
                }
                try await post.save(on: tx)
                for channel in row.channels {
                    try await PostTarget(workspaceID: access.workspaceID, postID: post.requireID(), channelID: channel.requireID(),
                                         text: nil, firstComment: row.firstComment, link: nil).save(on: tx)
                }
                try await WorkflowService.log(post, workspaceID: access.workspaceID, action: "imported", from: .draft,
                                              to: post.status, comment: "CSV line \(row.line): \(planned) \(row.zone.identifier)",
                                              actor: actor, on: tx)
                if post.status == .inReview { inReview.append(post) }
            }
            // Posts that went to review wait for the approvers like posts sent one by one: one message for the import.
            try await notifier?.submitted(inReview, workspace: access.workspace, actorID: access.userID, actorName: access.user.name, on: tx)
        }
    }
}
