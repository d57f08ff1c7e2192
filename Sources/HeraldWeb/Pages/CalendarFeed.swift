import Fluent
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// A user's secret iCalendar feed of scheduled posts in all their workspaces. The token is an
/// HMAC of the user id and a version, so nothing secret is stored and "make a new address"
/// only bumps the version.
enum CalendarFeed {
    static func token(for user: User, box: SecretBox) throws -> String {
        let message = "calendar-feed:\(try user.requireID().uuidString):\(user.calendarFeedVersion ?? 0)"
        return box.authenticationCode(for: message).base64URLEncoded
    }

    static func url(for user: User, app: Application) throws -> String {
        app.herald.baseURL + SiteURL.calendarFeed(try user.requireID(), try token(for: user, box: app.secretBox)).path
    }

    @Sendable static func serve(req: Request) async throws -> Response {
        let file = req.parameters.get("file") ?? ""
        guard file.hasSuffix(".ics"), let user = try await User.find(try req.uuidParameter("user"), on: req.db),
              SecretToken.constantTimeEquals(String(file.dropLast(4)), try token(for: user, box: req.application.secretBox))
        else { throw AppError.notFound }
        let since = Date().addingTimeInterval(-30 * 86_400)
        var events: [ICalendar.Event] = []
        for (workspace, _) in try await TenancyQueries.workspaces(of: user.requireID(), on: req.db) {
            // Bounded: the feed shows the next 1,000 scheduled posts of each workspace.
            let posts = try await Post.scoped(to: workspace.requireID(), on: req.db)
                .filter(\.$scheduledAt >= since).filter(\.$statusName == PostStatus.scheduled.rawValue)
                .sort(\.$scheduledAt).limit(1000).all()
            for post in posts {
                guard let start = post.scheduledAt else { continue }
                let excerpt = post.excerpt
                events.append(.init(uid: "\(post.id!.uuidString)@herald", start: start, summary: "[\(workspace.name)] \(excerpt)",
                                    description: post.text,
                                    url: req.application.herald.baseURL + SiteURL.workspace(workspace.id, .post(post.id)).path))
            }
        }
        let body = ICalendar.render(name: "Herald · \(user.name)", events: events.sorted { $0.start < $1.start })
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=300")
        return response
    }

    @Sendable static func reset(req: Request) async throws -> Response {
        let user = try req.requireUser()
        user.calendarFeedVersion = (user.calendarFeedVersion ?? 0) + 1
        try await user.save(on: req.db)
        return req.redirect(to: SiteURL.account.path + "#calendar-feed")
    }
}
