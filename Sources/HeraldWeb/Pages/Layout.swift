import HeraldApp
import HeraldCore
import Vapor

/// The frame around every page: header with workspace switcher and account, section
/// navigation inside a workspace, notices. Works without JavaScript (the switcher is a
/// `<details>` list of links).
enum Layout {
    static func page(_ context: PageContext, title: String, body: HTML) -> HTML {
        """
        <!doctype html>
        <html lang="\(context.language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · Herald</title>
        <link rel="stylesheet" href="\(SiteURL.stylesheet.path)">
        <link rel="icon" href="\(SiteURL.icon.path)" type="image/svg+xml">
        </head>
        <body\(context.pageURL.map { " data-page-url=\"\($0)\"" as HTML })>
        \(context.pageURL != nil ? "<script src=\"\(SiteURL.pageScript.path)\" defer></script>" as HTML : .empty)
        <a class="skip" href="#main">\(context.t(.skipToContent))</a>
        \(header(context))
        \(sectionNav(context))
        <main id="main">
        \(stopped(context))
        \(context.notice.map { "<p class=\"notice\" role=\"status\">\($0)</p>" as HTML })
        \(body)
        </main>
        \(footer(context))
        </body>
        </html>
        """
    }

    /// Posts of this workspace are past their time and no worker runs: said on every page of it.
    static func stopped(_ context: PageContext) -> HTML {
        guard let stalled = context.stalled, let access = context.access else { return .empty }
        let text = context.t(stalled.text(in: access.workspace.zone, language: context.language))
        return "<p class=\"notice stopped\" role=\"alert\">\(text)</p>"
    }

    static func header(_ context: PageContext) -> HTML {
        guard let user = context.user else {
            return "<header class=\"top\"><a class=\"brand\" href=\"/\">Herald</a></header>"
        }
        let current = context.access?.workspace
        let items: [HTML] = context.workspaces.map { workspace in
            let mark: HTML = workspace.id == current?.id ? " aria-current=\"true\"" : ""
            return "<li><a href=\"\(SiteURL.workspace(workspace.id, .overview).path)\"\(mark)>\(workspace.name)</a> <small>\(context.t(workspace.role.label))</small></li>"
        }
        return """
        <header class="top">
        <a class="brand" href="/">Herald</a>
        <details class="switcher">
        <summary>\(current?.name ?? context.t(.switchWorkspace))</summary>
        <ul>\(items)<li><a href="\(SiteURL.workspaces.path)">\(context.t(.navWorkspaces)) →</a></li></ul>
        </details>
        <span class="spacer"></span>
        \(bell(context))
        <a href="\(SiteURL.account.path)">\(user.name)</a>
        \(context.button(SiteURL.logout.path, context.t(.signOut)))
        </header>
        """
    }

    /// The bell: how much waits for this person and how many problems the workspace has, linking
    /// to the Notifications page (its label says both in words).
    static func bell(_ context: PageContext) -> HTML {
        guard let access = context.access, let waiting = context.waiting else { return .empty }
        let label = context.t(LocalizedText(.bellLabel, String(waiting.forMe), String(waiting.problems)))
        let figures: HTML = waiting.total == 0 ? "<span class=\"bell-count quiet\">0</span>"
            : "\(waiting.forMe > 0 ? "<span class=\"bell-count\">\(waiting.forMe)</span>" as HTML : .empty)\(waiting.problems > 0 ? "<span class=\"bell-count problem\">\(waiting.problems)</span>" as HTML : .empty)"
        return """
        <a class="bell" href="\(SiteURL.workspace(access.workspaceID, .notifications).path)" aria-label="\(label)" title="\(label)"><svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z"/></svg>\(figures)</a>
        """
    }

    static func sectionNav(_ context: PageContext) -> HTML {
        guard let access = context.access else { return .empty }
        let id = access.workspaceID
        let links: [(SiteURL.WorkspacePage, L)] = [
            (.today, .navToday), (.calendar, .navCalendar), (.compose, .navCompose), (.campaigns, .navCampaigns), (.inbox, .navInbox),
            (.analytics, .navAnalytics), (.reports, .navReports), (.links, .navLinks), (.library, .navLibrary), (.notifications, .notificationsTitle), (.settings, .navSettings),
        ]
        var here: String?
        let items: [HTML] = links.map { page, label in
            let path = SiteURL.workspace(id, page).path
            let isHere = context.path.hasPrefix(path)
            if isHere { here = context.t(label) }
            return "<a href=\"\(path)\"\(isHere ? " aria-current=\"page\"" as HTML : .empty)>\(context.t(label))</a>"
        }
        // Wide screens get the row of links; narrow ones the same links folded into a menu that
        // opens without JavaScript (only one of the two is displayed, and so only one is read out).
        return """
            <nav class="sections" aria-label="\(access.workspace.name)">\(items)</nav>
            <nav class="sections-menu" aria-label="\(access.workspace.name)"><details><summary>\(context.t(.navMenu))\(here.map { ": \($0)" } ?? "")</summary>
            <div class="sections-list">\(items)</div></details></nav>
            """
    }

    /// Puts the form's own page back in the address bar after a refused form (see `PageContext.pageURL`).
    @Sendable static func servePageScript(req: Request) async throws -> Response { StaticAsset.javascript(pageScript) }

    static let pageScript = """
    (function () {
      "use strict";
      var url = document.body && document.body.getAttribute("data-page-url");
      if (url && url.charAt(0) === "/" && window.history && history.replaceState) { history.replaceState(null, "", url); }
    })();
    """

    static func footer(_ context: PageContext) -> HTML {
        let next = context.pageURL ?? context.path
        let links: [HTML] = Language.allCases.map { language in
            if language == context.language { return "<strong>\(language.nativeName)</strong>" }
            let query = "?set=\(language.rawValue)&next=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")"
            return "<a href=\"\(SiteURL.language.path + query)\" hreflang=\"\(language.rawValue)\" lang=\"\(language.rawValue)\">\(language.nativeName)</a>"
        }
        return "<footer>\(links.map { $0.rendered }.joined(separator: " · ").asHTML)</footer>"
    }

    /// "Newer" and "Older" links for a page of a list (the list's own filters stay in the query).
    static func morePages(_ context: PageContext, path: String, page: PageRequest, next: Int?, query: String = "") -> HTML {
        let prefix = path + "?" + (query.isEmpty ? "" : query + "&")
        var links: [HTML] = []
        if page.offset > 0 {
            links.append("<a href=\"\(prefix)offset=\(max(0, page.offset - page.limit))\">\(context.t(.pageNewer))</a>")
        }
        if let next { links.append("<a href=\"\(prefix)offset=\(next)\">\(context.t(.pageOlder))</a>") }
        return links.isEmpty ? .empty : "<nav class=\"pages row\">\(links)</nav>"
    }

    /// A form field with its label and, when it is the one at fault, the error beside it.
    static func field(_ context: PageContext, name: String, label: String, value: String = "", type: String = "text",
                      error: ValidationError? = nil, required: Bool = true, hint: String? = nil,
                      autocomplete: String? = nil) -> HTML {
        let problem = error?.problem(with: name)
        let describedBy = [problem.map { _ in "\(name)-error" }, hint.map { _ in "\(name)-hint" }].compactMap { $0 }.joined(separator: " ")
        let valueHTML: HTML = type == "password" ? "" : " value=\"\(value)\""
        return """
        <label for="\(name)">\(label)</label>
        <input id="\(name)" name="\(name)" type="\(type)"\(valueHTML)\(required ? " required" : "")\(problem != nil ? " aria-invalid=\"true\"" as HTML : .empty)\(describedBy.isEmpty ? "" : " aria-describedby=\"\(describedBy)\"" as HTML)\(autocomplete.map { " autocomplete=\"\($0)\"" as HTML })>
        \(hint.map { "<small id=\"\(name)-hint\">\($0)</small>" as HTML })
        \(fieldError(context, problem, name: name))
        """
    }

    /// The problem beside its field (`id` = `<name>-error`, for the field's `aria-describedby`).
    static func fieldError(_ context: PageContext, _ problem: ValidationError?, name: String) -> HTML {
        problem.map { "<p class=\"field-error\" id=\"\(name)-error\">\(context.t($0.message))</p>" as HTML } ?? .empty
    }

    /// Every problem of a refused form at the top, each linking to its field when the form shows
    /// that field (`fields`); the fields say theirs beside them too.
    static func formError(_ context: PageContext, _ error: ValidationError?, fields: Set<String>) -> HTML {
        guard let error else { return .empty }
        let problems = error.all
        let items: [HTML] = problems.map { problem in
            let text = context.t(problem.message)
            guard let field = problem.field, fields.contains(field) else { return "<li>\(text)</li>" }
            return "<li><a href=\"#\(field)\">\(text)</a></li>"
        }
        let title = problems.count == 1 ? context.t(.formProblemOne) : context.t(LocalizedText(.formProblems, String(problems.count)))
        return """
            <div class="error error-summary" role="alert" id="problems"><p><strong>\(title)</strong></p><ul>\(items)</ul></div>
            """
    }

    /// A select with its label; `id` must be unique on the page (defaults to the name).
    static func select(_ context: PageContext, name: String, label: String, options: [(String, String)],
                       selected: String, id: String? = nil, hiddenLabel: Bool = false) -> HTML {
        let items: [HTML] = options.map { value, text in
            "<option value=\"\(value)\"\(value == selected ? " selected" : "")>\(text)</option>"
        }
        let id = id ?? name
        let labelClass: HTML = hiddenLabel ? " class=\"visually-hidden\"" : ""
        return "<label for=\"\(id)\"\(labelClass)>\(label)</label><select id=\"\(id)\" name=\"\(name)\">\(items)</select>"
    }

    static func roleOptions(_ context: PageContext, assignableBy role: Role) -> [(String, String)] {
        Role.allCases.filter(role.canAssign).map { ($0.rawValue, context.t($0.label)) }
    }

    static func languageOptions() -> [(String, String)] {
        Language.allCases.map { ($0.rawValue, $0.nativeName) }
    }
}

extension String {
    /// Marks already-escaped markup as HTML.
    var asHTML: HTML { HTML(unsafe: self) }
}

/// Pages for errors, rendered without database access (the error may be the database).
enum ErrorPage {
    static func render(status: HTTPResponseStatus, message: String, request: Request) -> HTML {
        let context = PageContext(language: request.language, csrf: request.csrfFieldValue, user: nil, workspaces: [],
                                  access: nil, notice: nil, path: request.url.path)
        // A heading in words from the catalogue; the status code stays for whoever reports it.
        let heading: L = switch status.code {
        case 404: .errorPageNotFound
        case 401, 403: .errorPageNotAllowed
        case 400, 409, 413, 415, 422: .errorPageRefused
        case 429, 503: .errorPageBusy
        default: .errorPageBroken
        }
        return Layout.page(context, title: context.t(heading), body: """
            <h1>\(context.t(heading))</h1>
            <p class="error" role="alert">\(message)</p>
            <p><a href="/">\(context.t(.errorPageHome))</a> <small class="muted">· \(context.t(LocalizedText(.errorPageCode, String(status.code))))</small></p>
            """)
    }
}
