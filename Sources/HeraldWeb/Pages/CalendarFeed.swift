import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// A user's secret iCalendar feed (`CalendarFeedService`): its address, the feed, and a new address.
enum CalendarFeed {
    static func url(for user: User, app: Application) throws -> String {
        app.herald.baseURL + SiteURL.calendarFeed(try user.requireID(), try CalendarFeedService.token(for: user, box: app.secretBox)).path
    }

    @Sendable static func serve(req: Request) async throws -> Response {
        let file = req.parameters.get("file") ?? ""
        let base = req.application.herald.baseURL
        guard file.hasSuffix(".ics"),
              let body = try await CalendarFeedService.feed(userID: try req.uuidParameter("user"), token: String(file.dropLast(4)),
                                                            box: req.application.secretBox,
                                                            postURL: { base + SiteURL.workspace($0, .post($1)).path }, on: req.db)
        else { throw AppError.notFound }
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=300")
        return response
    }

    @Sendable static func reset(req: Request) async throws -> Response {
        try await CalendarFeedService.reset(req.requireUser(), on: req.db)
        return req.redirect(to: SiteURL.account.path + "#calendar-feed")
    }
}
