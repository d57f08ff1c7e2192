import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// The list of workspaces the user belongs to, and (for organisation owners) a form for a new one.
enum WorkspacesPage {
    @Sendable static func home(req: Request) async throws -> Response {
        guard try await TenancyQueries.isSetUp(on: req.db) else { return req.redirect(to: SiteURL.setup.path) }
        guard let user = req.currentUser else { return req.redirect(to: SiteURL.login.path) }
        let workspaces = try await TenancyQueries.workspaces(of: user.requireID(), on: req.db)
        if workspaces.count == 1, let id = workspaces[0].0.id {
            return req.redirect(to: SiteURL.workspace(id, .today).path)
        }
        return req.redirect(to: SiteURL.workspaces.path)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        .page(render(try await PageContext.make(req), values: [:], error: nil))
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let values = ["name": req.formValue("name") ?? "", "time_zone": req.formValue("time_zone") ?? "",
                      "language": req.formValue("language") ?? req.language.rawValue]
        do {
            let workspace = try await WorkspaceService.create(
                by: req.requireUser(),
                .init(name: values["name"], timeZone: values["time_zone"], language: values["language"]), on: req.db)
            return req.redirect(to: SiteURL.workspace(workspace.id, .settings).path + "?done=\(L.workspaceCreated.rawValue)")
        } catch let error as ValidationError {
            return .page(render(try await PageContext.make(req), values: values, error: error), status: .unprocessableEntity)
        }
    }

    static func render(_ context: PageContext, values: [String: String], error: ValidationError?) -> HTML {
        let rows: [HTML] = context.workspaces.map { workspace in
            """
            <li class="card"><a href="\(SiteURL.workspace(workspace.id, .calendar).path)"><strong>\(workspace.name)</strong></a>
            <small>\(context.t(workspace.role.label)) · \(workspace.timeZone)</small></li>
            """
        }
        let list: HTML = rows.isEmpty ? "<p>\(context.t(.workspacesEmpty))</p>" : "<ul class=\"cards\">\(rows)</ul>"
        var create: HTML = .empty
        if context.user?.orgRole.canCreateWorkspaces == true {
            create = """
            <section>
            <h2>\(context.t(.workspaceCreate))</h2>
            \(Layout.formError(context, error, fields: ["name", "time_zone"]))
            \(context.form(SiteURL.workspaces.path, """
                \(Layout.field(context, name: "name", label: context.t(.workspaceName), value: values["name"] ?? "", error: error))
                \(TimeZoneField.render(context, value: values["time_zone"] ?? "", error: error, detect: true))
                \(Layout.select(context, name: "language", label: context.t(.language), options: Layout.languageOptions(), selected: values["language"] ?? context.language.rawValue))
                <button type="submit">\(context.t(.create))</button>
                """))
            </section>
            """
        }
        return Layout.page(context, title: context.t(.workspacesTitle), body: """
            <h1>\(context.t(.workspacesTitle))</h1>
            \(list)
            \(create)
            """)
    }
}
