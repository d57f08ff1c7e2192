import Fluent
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// `/api/v1`: Bulk import of posts from CSV.
enum ImportAPI {
    static func register(_ api: any RoutesBuilder, workspace: any RoutesBuilder) {
        workspace.post("imports", use: importPosts)
    }

    /// The body is the CSV itself (`Content-Type: text/csv`). `?dry_run=true` only checks;
    /// `?only_valid=true` imports the valid rows even when others have problems.
    @Sendable static func importPosts(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        guard let buffer = req.body.data else {
            throw AppError.badRequest(.init(code: "empty", field: nil, message: .init(.csvEmpty)))
        }
        let onlyValid = try req.strictFlag("only_valid"), dryRun = try req.strictFlag("dry_run")
        let flag = { (name: String) in name == "dry_run" ? dryRun : onlyValid }
        let report = try await ImportService.run(access, csv: buffer.readableBytesView,
                                                 onlyValid: flag("only_valid"), dryRun: flag("dry_run"), notifier: req.application.runtime.notifier, on: req.db)
        let refused = !report.problems.isEmpty && report.imported == 0 && !flag("dry_run")
        return try await ImportReportDTO(report, language: req.language)
            .encodeResponse(status: refused ? .unprocessableEntity : .ok, for: req)
    }
}
