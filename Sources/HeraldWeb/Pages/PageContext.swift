import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// What every page needs to render its frame: language, CSRF token, the user, their workspaces
/// and, inside a workspace, the access that was checked.
struct PageContext {
    let language: Language
    let csrf: String
    let user: User?
    let workspaces: [TenancyQueries.Listed]
    let access: WorkspaceAccess?
    let notice: String?
    let path: String
    /// Whose time dates are shown in when there is no workspace access (the client's approval
    /// page shows the workspace's time, not UTC).
    var zone: TimeZoneName? = nil
    /// Inside a workspace: what waits for this person (the bell).
    var waiting: Waiting.Counts? = nil
    /// Inside a workspace: its posts are past their time and no worker runs (`PublishingWatch`).
    var stalled: PublishingWatch.Stalled? = nil
    /// A refused form shown again answers its POST's address; this is the address of the page the
    /// form was on, which the page puts back in the address bar (a reload then reads the page,
    /// instead of sending the form again).
    var pageURL: String? = nil

    func t(_ key: L) -> String { key.text(in: language) }
    func t(_ text: LocalizedText) -> String { text.rendered(in: language) }

    /// A context for drawing what many people share (`SharedReads`): the language and the
    /// workspace access (drawn from by workspace and role only), and nothing else of the person —
    /// no user, workspaces, notice, bell or CSRF token.
    static func withoutPerson(language: Language, path: String, access: WorkspaceAccess) -> PageContext {
        PageContext(language: language, csrf: "", user: nil, workspaces: [], access: access, notice: nil, path: path)
    }

    /// Notices arrive as `?done=<key>` after a redirect; only these keys are shown.
    static let noticeKeys: Set<L> = [
        .setupDone, .signedOut, .workspaceCreated, .workspaceSaved, .membersAdded, .membersRemoved,
        .membersRoleChanged, .passwordChanged, .accountSaved, .tokenRevoked, .channelAdded, .channelRemoved,
        .postSaved, .postDeleted, .postUpdated, .postDuplicated, .pubResolved, .approvalLinksRevoked, .voiceSaved, .campaignCreated, .campaignSaved, .campaignDeleted, .postScheduled, .postUnscheduled, .slotsSaved, .mediaUploaded, .mediaSaved, .mediaDeleted, .hashtagGroupSaved,
        .channelSaved, .channelReconnected, .pubRetried, .noticeDismissed, .webhookRemoved, .linksSaved, .linksBioAdded, .linksBioRemoved, .reportsSaved,
    ]

    static func make(_ req: Request, access: WorkspaceAccess? = nil) async throws -> PageContext {
        // The page's own reads are done: a page whose client left is neither framed nor drawn.
        try req.checkStillWanted()
        var workspaces: [TenancyQueries.Listed] = []
        var waiting: Waiting.Counts?
        var stalled: PublishingWatch.Stalled?
        if let access {
            // The switcher and the bell in one statement (a page inside a workspace has both).
            (workspaces, waiting) = try await WaitingService.frame(access, on: req.db)
            // While workers run this is a lock and a comparison; the page does not fail for it.
            do {
                stalled = try await req.application.publishingWatch.stalled(workspaceID: access.workspaceID, on: req.db)
            } catch {
                req.logger.error("checking whether a worker runs: \(String(reflecting: error))")
            }
        } else if let user = req.currentUser {
            workspaces = try await TenancyQueries.listed(of: user.requireID(), on: req.db)
        }
        let notice = (try? req.query.get(String.self, at: "done"))
            .flatMap(L.init(rawValue:))
            .flatMap { noticeKeys.contains($0) ? $0.text(in: req.language) : nil }
        return PageContext(language: req.language, csrf: req.csrfFieldValue, user: req.currentUser,
                           workspaces: workspaces, access: access, notice: notice, path: req.url.path, waiting: waiting,
                           stalled: stalled, pageURL: req.method == .POST ? formPage(req) : nil)
    }

    /// The page a form was sent from: the `Referer` when it is this site's (same host), as a
    /// validated path on this origin; nil otherwise.
    static func formPage(_ req: Request) -> String? {
        guard let referer = req.headers.first(name: .referer), let components = URLComponents(string: referer),
              let host = components.host, let ours = req.headers.first(name: .host),
              ours.split(separator: ":").first.map(String.init)?.lowercased() == host.lowercased(),
              !components.percentEncodedPath.isEmpty else { return nil }
        let path = components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
        let validated = ReturnPath.validated(path)
        guard validated != ReturnPath.home || path == ReturnPath.home, validated != req.url.string else { return nil }
        return validated
    }

    /// The hidden field every form carries.
    var csrfField: HTML { "<input type=\"hidden\" name=\"\(CSRFMiddleware.fieldName)\" value=\"\(csrf)\">" }

    /// A POST form with the CSRF field.
    func form(_ action: String, _ content: HTML, className: String = "stack") -> HTML {
        "<form method=\"post\" action=\"\(action)\" class=\"\(className)\">\(csrfField)\(content)</form>"
    }

    /// A one-button POST form (remove, revoke, sign out).
    func button(_ action: String, _ label: String, danger: Bool = false) -> HTML {
        "<form method=\"post\" action=\"\(action)\" class=\"inline\">\(csrfField)<button type=\"submit\" class=\"\(danger ? "danger" : "link")\">\(label)</button></form>"
    }

    /// A `datetime-local` input's value for an instant, in the workspace's zone.
    func localInput(_ date: Date) -> String {
        let local = Schedule.local(date, in: zone ?? access?.workspace.zone ?? .utc)
        return local.dateString + "T" + local.timeString
    }

    func date(_ date: Date?) -> String {
        guard let date else { return "—" }
        let zone = self.zone ?? access?.workspace.zone ?? .utc
        return DateDisplay.dateTime(date, in: zone, language: language)
    }
}

extension Response {
    static func page(_ html: HTML, status: HTTPResponseStatus = .ok) -> Response {
        let response = Response(status: status, body: .init(string: html.rendered))
        response.headers.contentType = .html
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
