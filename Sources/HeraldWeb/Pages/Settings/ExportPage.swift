import HeraldApp
import HeraldCore
import Vapor

/// Download the workspace as JSON (same document as `GET /api/v1/workspaces/{id}/export`).
enum ExportPage {
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.exportData)
        return .page(view(try await PageContext.make(req, access: access), access: access))
    }

    static func view(_ context: PageContext, access: WorkspaceAccess) -> HTML {
        Layout.page(context, title: context.t(.exportTitle), body: """
            <h1>\(context.t(.navSettings))</h1>
            \(SettingsNav.render(context, access: access))
            <h2>\(context.t(.exportTitle))</h2>
            <p>\(context.t(.exportIntro))</p>
            <p><a class="button" href="\(SiteURL.workspace(access.workspaceID, .exportDownload).path)">\(context.t(.exportDownload))</a></p>
            """)
    }

    @Sendable static func download(req: Request) async throws -> Response {
        try await ExportDownload.download(req: req)
    }
}
