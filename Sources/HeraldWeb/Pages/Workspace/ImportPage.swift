import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// Upload a CSV of posts; see every problem by line and column before anything is saved.
enum ImportPage {
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.editPosts)
        return .page(render(try await PageContext.make(req, access: access), access: access, report: nil, error: nil))
    }

    @Sendable static func upload(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let context = try await PageContext.make(req, access: access)
        guard let file = try? req.content.get(File.self, at: "file"), file.data.readableBytes > 0 else {
            let error = ValidationError(code: "required", field: "file", message: .init(.csvEmpty))
            return .page(render(context, access: access, report: nil, error: error), status: .unprocessableEntity)
        }
        do {
            let report = try await ImportService.run(access, csv: file.data.readableBytesView,
                                                     onlyValid: req.formValue("only_valid") != nil,
                                                     dryRun: req.formValue("dry_run") != nil,
                                                     notifier: req.application.runtime.notifier, on: req.db)
            let failed = !report.problems.isEmpty && report.imported == 0 && req.formValue("dry_run") == nil
            return .page(render(context, access: access, report: report, error: nil), status: failed ? .unprocessableEntity : .ok)
        } catch let error as ValidationError {
            return .page(render(context, access: access, report: nil, error: error), status: .unprocessableEntity)
        }
    }

    static func render(_ context: PageContext, access: WorkspaceAccess, report: ImportService.Report?, error: ValidationError?) -> HTML {
        var result: HTML = .empty
        if let report {
            let rows: [[HTML]] = report.problems.map { ["\($0.line)", "<code>\($0.column)</code>", "\($0.text(in: context.language))"] }
            let summary: HTML = report.imported > 0 || report.problems.isEmpty
                ? "<p class=\"notice\" role=\"status\">\(context.t(LocalizedText(.importDone, String(report.imported), String(report.rows))))</p>"
                : "<p class=\"error\" role=\"alert\">\(context.t(.importNothing))</p>"
            result = """
            \(summary)
            \(rows.isEmpty ? .empty : DataTable([.init(context.t(.importRow), numeric: true), .init(context.t(.importColumn)),
                                                 .init(context.t(.importProblem))], cells: rows).html)
            """
        }
        return Layout.page(context, title: context.t(.importTitle), body: """
            <h1>\(context.t(.importTitle))</h1>
            <p class="muted">\(context.t(.importIntro))</p>
            \(error.map { "<p class=\"error\" role=\"alert\">\(context.t($0.message))</p>" as HTML })
            \(result)
            <form method="post" enctype="multipart/form-data" class="stack">\(context.csrfField)
            <label for="file">\(context.t(.importFile))</label><input id="file" name="file" type="file" accept=".csv,text/csv" required>
            <label class="check"><input type="checkbox" name="only_valid" value="1"> \(context.t(.importOnlyValid))</label>
            <label class="check"><input type="checkbox" name="dry_run" value="1"> \(context.t(.importDryRun))</label>
            <button type="submit">\(context.t(.importButton))</button>
            </form>
            """)
    }
}
