import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// Links: whether the workspace's post links go out shortened, its link-in-bio entries, and the
/// clicks of every short link in a period (`?from=&to=`, default the last 30 days), with totals by
/// campaign and channel.
enum LinksPage {
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        return try await respond(req, access: access, values: [:], error: nil)
    }

    @Sendable static func saveShortening(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        _ = try await LinkService.setShortening(access, enabled: req.formValue("shorten") == "on", base: req.application.herald.baseURL, on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .links).path + "?done=\(L.linksSaved.rawValue)")
    }

    @Sendable static func addBio(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        do {
            _ = try await LinkService.addBio(access, label: req.formValue("label"), url: req.formValue("url"), on: req.db)
            return req.redirect(to: SiteURL.workspace(access.workspaceID, .links).path + "?done=\(L.linksBioAdded.rawValue)")
        } catch let error as ValidationError {
            let values = ["label": req.formValue("label") ?? "", "url": req.formValue("url") ?? ""]
            return try await respond(req, access: access, values: values, error: error, status: .unprocessableEntity)
        }
    }

    @Sendable static func removeBio(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try await LinkService.removeBio(access, id: req.uuidParameter("link"), redirects: req.application.linkRedirects, on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .links).path + "?done=\(L.linksBioRemoved.rawValue)")
    }

    static func respond(_ req: Request, access: WorkspaceAccess, values: [String: String], error: ValidationError?,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let query = { (key: String) in req.query[String.self, at: key] }
        let (from, to) = try ReportPeriod.parse(access.workspace.zone, from: query("from"), to: query("to"), maxDays: AnalyticsFilter.maxDays)
        let rows = try await LinkService.report(access, from: from, to: to, on: req.db)
        let context = try await PageContext.make(req, access: access)
        return .page(view(context, access: access, rows: rows, period: (from, to), base: req.application.herald.baseURL,
                          values: values, error: error), status: status)
    }

    /// `base`: the address short links start with (this server's).
    static func view(_ context: PageContext, access: WorkspaceAccess, rows: [LinkService.Row], period: (from: Date, to: Date), base: String,
                     values: [String: String], error: ValidationError?) -> HTML {
        let (from, to) = period
        let workspace = access.workspace
        let id = access.workspaceID
        let manage = access.can(.manageSettings)

        let shortening: HTML = manage ? context.form(SiteURL.workspace(id, .linkShortening).path, """
            <label class="check"><input type="checkbox" name="shorten"\(workspace.shortLinkBase != nil ? " checked" : "")> \(context.t(LocalizedText(.linksShorten, base)))</label>
            <small>\(context.t(.linksShortenHint))</small>
            <button type="submit">\(context.t(.save))</button>
            """) : .empty

        let bio = rows.filter { $0.counted.link.bioLabel != nil }.sorted { ($0.counted.link.bioPosition ?? 0) < ($1.counted.link.bioPosition ?? 0) }
        let bioItems: [HTML] = bio.map { row in
            let link = row.counted.link
            return """
            <li><strong>\(link.bioLabel ?? "")</strong> → <a href="\(link.target)" rel="noopener">\(link.target)</a>
            <small>\(context.t(.linksColumnClicks)): \(NumberText.integer(row.counted.clicks, in: context.language))</small>
            \(manage ? context.button(SiteURL.workspace(id, .bioLinkRemove(link.id)).path, context.t(.delete), danger: true) : .empty)</li>
            """
        }
        let bioAddress: HTML = workspace.bioSlug.map { slug in
            let url = base + SiteURL.bio(slug).path
            return "<p>\(context.t(LocalizedText(.linksBioHint, ""))) <a href=\"\(url)\">\(url)</a></p>"
        } ?? "<p class=\"muted\">\(context.t(.linksBioNone))</p>"
        let bioForm: HTML = manage ? context.form(SiteURL.workspace(id, .bioLinks).path, """
            \(Layout.formError(context, error, fields: ["label", "url"]))
            \(Layout.field(context, name: "label", label: context.t(.linksBioLabel), value: values["label"] ?? "", error: error))
            \(Layout.field(context, name: "url", label: context.t(.linksBioURL), value: values["url"] ?? "", type: "url", error: error))
            <button type="submit">\(context.t(.create))</button>
            """) : .empty

        let posts = rows.filter { $0.counted.link.bioLabel == nil }
        let lines: [[HTML]] = posts.map { row in
            let link = row.counted.link
            let short = base + SiteURL.shortLink(link.slug).path
            let post: HTML = link.postID.map { postID in
                "<a href=\"\(SiteURL.workspace(id, .post(postID)).path)\">\(String((row.postText ?? "").prefix(60)))</a>"
            } ?? .empty
            return ["<code>\(short)</code>", "<span class=\"wrap\">\(link.target)</span>", post, "\(row.channelName ?? "")",
                    "\(row.campaignName ?? "")", "\(NumberText.integer(row.counted.clicks, in: context.language))",
                    "\(NumberText.integer(row.counted.visitors, in: context.language))"]
        }
        func totals(_ title: L, _ key: (LinkService.Row) -> String?) -> HTML {
            var sums: [String: (Int, Int)] = [:]
            for row in posts { if let name = key(row) { sums[name, default: (0, 0)].0 += row.counted.clicks; sums[name, default: (0, 0)].1 += row.counted.visitors } }
            guard !sums.isEmpty else { return .empty }
            let items: [HTML] = sums.sorted { $0.value.0 > $1.value.0 }.map { name, value in
                "<tr><th scope=\"row\">\(name)</th><td class=\"number\">\(NumberText.integer(value.0, in: context.language))</td><td class=\"number\">\(NumberText.integer(value.1, in: context.language))</td></tr>"
            }
            return """
                <h3>\(context.t(title))</h3><div class="table-scroll"><table><thead><tr><th scope="col">\(context.t(title))</th>
                <th scope="col">\(context.t(.linksColumnClicks))</th><th scope="col">\(context.t(.linksColumnVisitors))</th></tr></thead><tbody>\(items)</tbody></table></div>
                """
        }
        let (firstDay, lastDay) = (LinkRedirects.day(from), LinkRedirects.day(to.addingTimeInterval(-1)))
        let table: HTML = posts.isEmpty ? "<p class=\"muted\">\(context.t(.linksEmpty))</p>" : """
            \(DataTable([.init(context.t(.linksColumnLink)), .init(context.t(.linksColumnTarget)), .init(context.t(.linksColumnPost)),
                         .init(context.t(.linksColumnChannel)), .init(context.t(.linksColumnCampaign)),
                         .init(context.t(.linksColumnClicks), numeric: true), .init(context.t(.linksColumnVisitors), numeric: true)], cells: lines).html)
            \(totals(.linksByCampaign) { $0.campaignName })
            \(totals(.linksByChannel) { $0.channelName })
            """
        return Layout.page(context, title: context.t(.navLinks), body: """
            <h1>\(context.t(.navLinks))</h1>
            <p class="muted">\(context.t(.linksHint))</p>
            \(shortening)
            <section><h2>\(context.t(.linksBioTitle))</h2>\(bioAddress)
            \(bioItems.isEmpty ? "<p class=\"muted\">\(context.t(.linksBioEmpty))</p>" as HTML : "<ul class=\"stack\">\(bioItems)</ul>")
            \(bioForm)</section>
            <section><h2>\(context.t(LocalizedText(.linksTableTitle, firstDay, lastDay)))</h2>
            <form method="get" class="row"><label for="from">\(context.t(.reportFrom))</label><input id="from" name="from" type="date" value="\(ReportPeriod.days(from, to, in: workspace.zone).0)">
            <label for="to">\(context.t(.reportTo))</label><input id="to" name="to" type="date" value="\(ReportPeriod.days(from, to, in: workspace.zone).1)">
            <button type="submit" class="secondary">\(context.t(.reportShow))</button></form>
            <p class="muted"><small>\(context.t(.linksVisitorsHint))</small></p>
            \(table)</section>
            """)
    }
}

/// The public side: `/l/{slug}` sends the visitor on (and counts the click), `/b/{slug}` is a
/// workspace's link-in-bio page. Neither needs a session.
enum ShortLinkRoutes {
    /// A link in memory is answered on the connection's own event loop, without a task of its own
    /// (the hop to Swift's task threads and back was most of a redirect's time); only a link not
    /// in memory yet is read from the database, as a task.
    @Sendable static func redirect(req: Request) -> EventLoopFuture<Response> {
        guard let slug = req.parameters.get("slug"), let redirects = req.application.linkRedirects else {
            return req.eventLoop.makeFailedFuture(Abort(.notFound))
        }
        func answer(_ target: LinkRedirects.Target?) throws -> Response {
            guard let target else { throw Abort(.notFound) }
            redirects.count(target, address: req.remoteAddress?.ipAddress, userAgent: req.headers.first(name: .userAgent))
            let response = Response(status: .found)
            response.headers.replaceOrAdd(name: .location, value: target.url)
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        }
        if let known = redirects.known(slug) { return req.eventLoop.makeCompletedFuture { try answer(known) } }
        return req.eventLoop.makeFutureWithTask { try answer(try await redirects.target(slug)) }
    }

    @Sendable static func bio(req: Request) async throws -> Response {
        guard let slug = req.parameters.get("slug"), let (workspace, links) = try await LinkService.bioPage(slug: slug, on: req.db) else {
            throw Abort(.notFound)
        }
        return .page(bioView(workspace: workspace, links: links))
    }

    /// A workspace's link-in-bio page, in its own language (visitors have no account to choose one).
    static func bioView(workspace: Workspace, links: [ShortLinks.Link]) -> HTML {
        let language = Language(rawValue: workspace.language) ?? .en
        let items: [HTML] = links.map { link in
            "<li><a class=\"button\" href=\"\(SiteURL.shortLink(link.slug).path)\">\(link.bioLabel ?? link.target)</a></li>"
        }
        return """
            <!doctype html>
            <html lang="\(language.rawValue)">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(workspace.name)</title><link rel="stylesheet" href="\(SiteURL.stylesheet.path)"></head>
            <body class="bio"><main id="main"><h1>\(workspace.name)</h1>
            \(items.isEmpty ? "<p>\(L.bioPageEmpty.text(in: language))</p>" as HTML : "<ul class=\"bio-links\">\(items)</ul>")
            </main></body></html>
            """
    }
}
