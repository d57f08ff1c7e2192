import FluentKit
import Foundation
import HeraldCore
import HeraldStore
import SQLKit

extension Notifier {
    /// Digests go out from this hour of the workspace's morning.
    public static let digestHour = 8

    /// Once a day per workspace, from `digestHour` in its zone: each member who wants it hears what
    /// waits for them — posts and answers to approve, their posts sent back, conversations assigned
    /// to them or open, problems, posts going out today — and nobody hears of an empty day. The day
    /// is claimed in the transaction that queues the messages, so two schedulers or a restart never
    /// send it twice. Returns how many workspaces were done.
    public func dailyDigests(now: Date = Date(), on database: any Database) async throws -> Int {
        guard email || telegram else { return 0 }
        var done = 0
        for workspace in try await Workspace.query(on: database).all() {
            let local = Schedule.local(now, in: workspace.zone)
            guard local.hour >= Self.digestHour, let workspaceID = workspace.id else { continue }
            let day = local.dateString
            let endOfDay = Schedule.instant(of: LocalDateTime(year: local.year, month: local.month, day: local.day, hour: 23, minute: 59),
                                            in: workspace.zone).date.addingTimeInterval(60)
            let claimed = try await database.writeTransaction { tx in
                guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
                guard try await sql.raw("""
                    UPDATE workspaces SET digest_day = \(bind: day)
                    WHERE id = \(bind: workspaceID) AND (digest_day IS NULL OR digest_day <> \(bind: day)) RETURNING id
                    """).first() != nil else { return false }
                try await digest(workspace, day: day, until: endOfDay, now: now, on: tx)
                return true
            }
            if claimed { done += 1 }
        }
        return done
    }

    private func digest(_ workspace: Workspace, day: String, until endOfDay: Date, now: Date, on database: any Database) async throws {
        let workspaceID = try workspace.requireID()
        let memberships = try await TenancyQueries.members(of: workspaceID, on: database)
        let roles = Dictionary(memberships.compactMap { membership in membership.user.id.map { ($0, membership.role) } }, uniquingKeysWith: { a, _ in a })
        let people = try await wanting(.dailyDigest, memberships.map(\.user), on: database)
        guard !people.isEmpty else { return }
        let open = try await InboxItem.scoped(to: workspaceID, on: database).filter(\.$statusName == InboxItem.Status.open.rawValue)
            .group(.or) { $0.filter(\.$snoozedUntil == nil).filter(\.$snoozedUntil <= now) }.count()
        let today = try await Post.scoped(to: workspaceID, on: database).filter(\.$statusName == PostStatus.scheduled.rawValue)
            .filter(\.$scheduledAt >= now).filter(\.$scheduledAt < endOfDay).count()
        let link = baseURL + PagePaths.notifications(workspaceID)
        for person in people {
            guard let userID = person.user.id, let role = roles[userID] else { continue }
            let counts = try await Waiting.counts(workspaceID: workspaceID, userID: userID, role: role, now: now, on: database)
            let works = role.allows(.editPosts)
            let lines: [(L, Int)] = [
                (.digestPosts, counts.postsToApprove), (.digestReplies, counts.repliesToApprove), (.digestReturned, counts.changesRequested),
                (.digestAssigned, counts.assignedToMe), (.digestUnanswered, works ? open : 0), (.digestProblems, counts.problems),
                (.digestToday, works ? today : 0),
            ].filter { $0.1 > 0 }
            // Posts going out today alone are not worth a message; something to act on is.
            guard lines.contains(where: { $0.0 != .digestToday }) else { continue }
            let language = Self.language(of: person.user, workspace: workspace)
            let list = lines.map { "• " + LocalizedText($0.0, String($0.1)).rendered(in: language) }.joined(separator: "\n")
            try await send(to: person, subject: LocalizedText(.mailDigestSubject, workspace.name, day),
                           body: LocalizedText(.mailDigestBody, workspace.name, list, link), language: language,
                           key: "\(Event.dailyDigest.rawValue):\(workspaceID.text.lowercased()):\(day):\(userID)", now: now, on: database)
        }
    }
}
