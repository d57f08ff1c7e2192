import HeraldApp
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
        var changes = WorkspaceService.Changes(name: req.formValue("name"), timeZone: req.formValue("time_zone"),
                                               language: req.formValue("language"),
                                               approvalRequired: req.formValue("approval_required") != nil)
        changes.russianAdLabels = req.formValue("russian_ad_labels") != nil
        changes.replyApproval = req.formValue("reply_approval") != nil
        do {
            _ = try await WorkspaceService.update(access, changes, on: req.db)
            return req.redirect(to: SiteURL.workspace(access.workspaceID, .settings).path + "?done=\(L.workspaceSaved.rawValue)")
        } catch let error as ValidationError {
            return .page(render(try await PageContext.make(req, access: access), access: access, values: changes,
                                error: error), status: .unprocessableEntity)
        }
    }

    @Sendable static func saveWebhook(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        do {
            let secret = try await PublishingService.setWebhook(access, url: req.formValue("url"), rotate: req.formValue("rotate") != nil,
                                                                box: req.application.secretBox, outbound: req.application.connectors.outbound,
                                                                on: req.db)
            return .page(render(try await PageContext.make(req, access: access), access: access, values: nil, error: nil,
                                webhookSecret: secret))
        } catch let error as ValidationError {
            return .page(render(try await PageContext.make(req, access: access), access: access, values: nil, error: error),
                         status: .unprocessableEntity)
        }
    }

    @Sendable static func removeWebhook(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try await PublishingService.removeWebhook(access, on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .settings).path + "?done=\(L.webhookRemoved.rawValue)")
    }

    /// The webhook section: URL, a secret shown once after it is made, rotate and remove.
    static func webhook(_ context: PageContext, access: WorkspaceAccess, error: ValidationError?, secret: String?) -> HTML {
        guard access.can(.manageSettings) else { return .empty }
        let workspace = access.workspace
        let shown: HTML = secret.map { "<p class=\"notice\" role=\"status\">\(context.t(LocalizedText(.webhookSecretOnce, $0)))</p>" as HTML } ?? .empty
        let remove: HTML = workspace.webhookURL == nil ? "<p class=\"muted\">\(context.t(.webhookNone))</p>"
            : context.button(SiteURL.workspace(access.workspaceID, .webhookRemove).path, context.t(.webhookRemove), danger: true)
        return """
        <section id="webhook"><h2>\(context.t(.webhookTitle))</h2>
        <p class="muted">\(context.t(.webhookHint))</p>
        \(shown)
        \(context.form(SiteURL.workspace(access.workspaceID, .webhook).path, """
            \(Layout.field(context, name: "url", label: context.t(.webhookURL), value: workspace.webhookURL ?? "", type: "url", error: error?.field == "url" ? error : nil))
            <label class="check"><input type="checkbox" name="rotate" value="1"> \(context.t(.webhookRotate))</label>
            <button type="submit">\(context.t(.save))</button>
            """))
        \(remove)
        </section>
        """
    }

    static func render(_ context: PageContext, access: WorkspaceAccess, values: WorkspaceService.Changes?,
                       error: ValidationError?, webhookSecret: String? = nil) -> HTML {
        let workspace = access.workspace
        var body: HTML
        if access.can(.manageSettings) {
            body = context.form(SiteURL.workspace(access.workspaceID, .settings).path, """
                \(Layout.formError(context, error, fields: ["name", "time_zone"]))
                \(Layout.field(context, name: "name", label: context.t(.workspaceName), value: values?.name ?? workspace.name, error: error))
                \(TimeZoneField.render(context, value: values?.timeZone ?? workspace.timeZone, error: error))
                \(Layout.select(context, name: "language", label: context.t(.language), options: Layout.languageOptions(), selected: values?.language ?? workspace.language))
                <label class="check"><input type="checkbox" name="approval_required" value="1"\((values?.approvalRequired ?? workspace.approvalRequired) ? " checked" as HTML : .empty)> \(context.t(.approvalRequiredLabel))</label>
                <label class="check"><input type="checkbox" name="reply_approval" value="1"\((values?.replyApproval ?? workspace.replyApproval) ? " checked" as HTML : .empty)> \(context.t(.replyApprovalLabel))</label>
                <label class="check"><input type="checkbox" name="russian_ad_labels" value="1"\((values?.russianAdLabels ?? workspace.russianAdLabels) ? " checked" as HTML : .empty)> \(context.t(.russianAdLabelsLabel))</label>
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
            \(webhook(context, access: access, error: error, secret: webhookSecret))
            """)
    }
}
