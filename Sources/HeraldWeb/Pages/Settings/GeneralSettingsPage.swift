import HeraldCore
import HeraldStore
import Vapor

/// Workspace name, time zone and default language.
enum GeneralSettingsPage {
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        return .page(render(try await PageContext.make(req, access: access), access: access, values: nil, error: nil))
    }

    @Sendable static func save(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let changes = WorkspaceService.Changes(name: req.formValue("name"), timeZone: req.formValue("time_zone"),
                                               language: req.formValue("language"),
                                               approvalRequired: req.formValue("approval_required") != nil)
        do {
            _ = try await WorkspaceService.update(access, changes, on: req.db)
            return req.redirect(to: SiteURL.workspace(access.workspaceID, .settings).path + "?done=\(L.workspaceSaved.rawValue)")
        } catch let error as ValidationError {
            return .page(render(try await PageContext.make(req, access: access), access: access, values: changes,
                                error: error), status: .unprocessableEntity)
        }
    }

    static func render(_ context: PageContext, access: WorkspaceAccess, values: WorkspaceService.Changes?,
                       error: ValidationError?) -> HTML {
        let workspace = access.workspace
        var body: HTML
        if access.can(.manageSettings) {
            body = context.form(SiteURL.workspace(access.workspaceID, .settings).path, """
                \(Layout.formError(context, error, fields: ["name", "time_zone"]))
                \(Layout.field(context, name: "name", label: context.t(.workspaceName), value: values?.name ?? workspace.name, error: error))
                \(Layout.field(context, name: "time_zone", label: context.t(.timeZone), value: values?.timeZone ?? workspace.timeZone, error: error, hint: "Europe/Moscow, Europe/Berlin, America/New_York…"))
                \(Layout.select(context, name: "language", label: context.t(.language), options: Layout.languageOptions(), selected: values?.language ?? workspace.language))
                <label class="check"><input type="checkbox" name="approval_required" value="1"\((values?.approvalRequired ?? workspace.approvalRequired) ? " checked" as HTML : .empty)> \(context.t(.approvalRequiredLabel))</label>
                <button type="submit">\(context.t(.save))</button>
                """)
        } else {
            body = """
            <dl><dt>\(context.t(.workspaceName))</dt><dd>\(workspace.name)</dd>
            <dt>\(context.t(.timeZone))</dt><dd>\(workspace.timeZone)</dd>
            <dt>\(context.t(.language))</dt><dd>\(workspace.uiLanguage.nativeName)</dd></dl>
            """
        }
        return Layout.page(context, title: context.t(.workspaceSettingsTitle), body: """
            <h1>\(context.t(.navSettings))</h1>
            \(SettingsNav.render(context, access: access))
            <h2>\(context.t(.workspaceSettingsTitle))</h2>
            \(body)
            """)
    }
}
