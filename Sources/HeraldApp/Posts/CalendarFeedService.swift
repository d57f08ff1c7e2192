import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// A person's secret iCalendar feed of scheduled posts in all their workspaces. The token is an
/// HMAC of the user id and a version, so nothing secret is stored and "make a new address" only
/// bumps the version.
package enum CalendarFeedService {
    /// The feed shows at most this many scheduled posts of each workspace, from 30 days back.
    package static let perWorkspace = 1000

    package static func token(for user: User, box: SecretBox) throws -> String {
        let message = "calendar-feed:\(try user.requireID().text):\(user.calendarFeedVersion ?? 0)"
        return box.authenticationCode(for: message).base64URLEncoded
    }

    /// The feed's text, or nil when the user does not exist or the token is not theirs (the same
    /// answer for both). `postURL` makes the address of a post's page from its workspace and id.
    package static func feed(userID: UUID, token: String, box: SecretBox, now: Date = Date(),
                             postURL: (UUID?, UUID?) -> String, on database: any Database) async throws -> String? {
        guard let user = try await User.find(userID, on: database),
              SecretToken.constantTimeEquals(token, try self.token(for: user, box: box)) else { return nil }
        let since = now.addingTimeInterval(-30 * 86_400)
        var events: [ICalendar.Event] = []
        for (workspace, _) in try await TenancyQueries.workspaces(of: user.requireID(), on: database) {
            let posts = try await Post.scoped(to: workspace.requireID(), on: database)
                .filter(\.$scheduledAt >= since).filter(\.$statusName == PostStatus.scheduled.rawValue)
                .sort(\.$scheduledAt).limit(perWorkspace).all()
            for post in posts {
                guard let start = post.scheduledAt, let id = post.id else { continue }
                events.append(.init(uid: "\(id.text)@herald", start: start, summary: "[\(workspace.name)] \(post.excerpt)",
                                    description: post.text, url: postURL(workspace.id, id)))
            }
        }
        return ICalendar.render(name: "Herald · \(user.name)", events: events.sorted { $0.start < $1.start })
    }

    /// A new address: the old one stops working.
    package static func reset(_ user: User, on database: any Database) async throws {
        user.calendarFeedVersion = (user.calendarFeedVersion ?? 0) + 1
        try await user.save(on: database)
    }
}
