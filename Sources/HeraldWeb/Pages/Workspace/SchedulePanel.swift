import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// On a post's page: when it goes out, and the forms to schedule, queue or unschedule it.
/// These handlers are also what calendar.js calls when a post is dragged to another day.
enum SchedulePanel {
    /// `typed`: what the person entered in a refused schedule form, shown again as they left it.
    static func render(_ context: PageContext, access: WorkspaceAccess, post: Post, error: ValidationError?,
                       typed: [String: String] = [:]) -> HTML {
        let id = post.id
        let planned: HTML = post.scheduledLocal.map {
            "<p class=\"notice\">\(context.t(LocalizedText(.scheduledFor, $0, post.scheduledZone ?? "")))</p>" as HTML
        } ?? .empty
        guard access.can(.editPosts) else { return "<section><h2>\(context.t(.scheduleTitle))</h2>\(planned)</section>" }
        if post.status == .published {
            return "<section id=\"schedule\"><h2>\(context.t(.scheduleTitle))</h2>\(planned)<p>\(context.t(.postPublishedNote))</p></section>"
        }
        let local = post.scheduledLocal?.split(separator: " ").map(String.init)
        let unschedule: HTML = post.status == .scheduled
            ? context.button(SiteURL.workspace(access.workspaceID, .unschedule(id)).path, context.t(.unscheduleButton), danger: true)
            : .empty
        return """
        <section id="schedule"><h2>\(context.t(.scheduleTitle))</h2>
        \(planned)
        \(Layout.formError(context, error, fields: ["date", "time", "time_zone"]))
        \(context.form(SiteURL.workspace(access.workspaceID, .schedule(id)).path, """
            \(Layout.field(context, name: "date", label: context.t(.scheduleDate), value: typed["date"] ?? local?.first ?? "", type: "date", error: error))
            \(Layout.field(context, name: "time", label: context.t(.scheduleTime), value: typed["time"] ?? local?.last ?? "09:00", type: "time", error: error))
            \(Layout.field(context, name: "time_zone", label: context.t(.timeZone), value: typed["time_zone"] ?? post.scheduledZone ?? access.workspace.timeZone, error: error))
            <button type="submit">\(context.t(.scheduleButton))</button>
            """))
        \(context.button(SiteURL.workspace(access.workspaceID, .queue(id)).path, context.t(.queueButton)))
        \(unschedule)
        </section>
        """
    }

    @Sendable static func schedule(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let id = try req.uuidParameter("post")
        return try await respond(req, access: access, id: id) {
            try await ScheduleService.schedule(access, postID: id, date: req.formValue("date"), time: req.formValue("time"),
                                               zone: req.formValue("time_zone"), on: req.db)
        }
    }

    @Sendable static func queue(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let id = try req.uuidParameter("post")
        return try await respond(req, access: access, id: id) {
            try await ScheduleService.addToQueue(access, postID: id, on: req.db)
        }
    }

    @Sendable static func unschedule(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let id = try req.uuidParameter("post")
        _ = try await ScheduleService.unschedule(access, postID: id, on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .post(id)).path + "?done=\(L.postUnscheduled.rawValue)")
    }

    /// Redirects to the post on success; on refusal shows the post page with the reason (422/409).
    private static func respond(_ req: Request, access: WorkspaceAccess, id: UUID,
                                _ action: () async throws -> ScheduleService.Outcome) async throws -> Response {
        do {
            _ = try await action()
            return req.redirect(to: SiteURL.workspace(access.workspaceID, .post(id)).path + "?done=\(L.postScheduled.rawValue)")
        } catch let error as ValidationError {
            return try await ComposerPage.postPage(req, access: access, id: id, scheduleError: error, status: .unprocessableEntity)
        } catch let error as ScheduleBlocked {
            return try await ComposerPage.postPage(req, access: access, id: id, scheduleError: error.validationError(in: req.language),
                                                   status: .unprocessableEntity)
        } catch AppError.conflict(let error) {
            return try await ComposerPage.postPage(req, access: access, id: id, scheduleError: error, status: .conflict)
        }
    }

    @Sendable static func saveSlots(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        do {
            _ = try await ChannelService.setSlots(access, id: req.uuidParameter("channel"), text: req.formValue("posting_slots") ?? "",
                                                  on: req.db)
            return req.redirect(to: SiteURL.workspace(access.workspaceID, .channels).path + "?done=\(L.slotsSaved.rawValue)")
        } catch let error as ValidationError {
            return try await ChannelsPage.respond(req, access: access, values: [:], error: error, status: .unprocessableEntity)
        }
    }
}
