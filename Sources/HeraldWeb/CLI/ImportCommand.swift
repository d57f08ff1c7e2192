import Fluent
import HeraldCore
import HeraldStore
import Vapor

/// `herald import posts.csv --workspace Acme [--as editor@agency.test] [--only-valid] [--dry-run]`:
/// the same checks and all-or-nothing rule as the web page and the API.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "The CSV file (see docs/import.md)")
        var file: String
        @Option(name: "workspace", help: "Workspace name or id")
        var workspace: String?
        @Option(name: "as", help: "E-mail of the member the posts are created as (default: the workspace's first owner)")
        var actor: String?
        @Flag(name: "only-valid", help: "Import the valid rows even when others have problems")
        var onlyValid: Bool
        @Flag(name: "dry-run", help: "Only check")
        var dryRun: Bool
    }

    var help: String { "Import posts from a CSV file into a workspace" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            context.console.error("Cannot read \(signature.file).")
            throw ExitCode(2)
        }
        var found: Workspace?
        if let reference = signature.workspace {
            if let id = UUID(uuidString: reference) { found = try await Workspace.find(id, on: app.db) }
            if found == nil { found = try await Workspace.query(on: app.db).filter(\.$name == reference).first() }
        }
        guard let workspace = found else {
            context.console.error("--workspace: no workspace “\(signature.workspace ?? "")”.")
            throw ExitCode(2)
        }
        let workspaceID = try workspace.requireID()
        let members = try await TenancyQueries.members(of: workspaceID, on: app.db)
        guard let membership = signature.actor.map({ email in members.first { $0.user.email == email.lowercased() } })
                ?? members.first(where: { $0.role == .owner })
        else {
            context.console.error("--as: \(signature.actor ?? "") is not a member of “\(workspace.name)”.")
            throw ExitCode(2)
        }
        let access = WorkspaceAccess(user: membership.user, userID: membership.$user.id, workspace: workspace,
                                     workspaceID: workspaceID, role: membership.role)
        do {
            let report = try await ImportService.run(access, csv: data,
                                                     onlyValid: signature.onlyValid, dryRun: signature.dryRun, on: app.db)
            for problem in report.problems {
                context.console.print("line \(problem.line), \(problem.column): \(problem.text(in: .en))")
            }
            context.console.print("\(report.imported) of \(report.rows) rows imported (\(report.valid) valid).")
            if !report.problems.isEmpty && report.imported == 0 && !signature.dryRun { throw ExitCode(1) }
        } catch let error as ValidationError {
            context.console.error("\(error.field ?? "file"): \(error.message.rendered(in: .en))")
            throw ExitCode(2)
        }
    }
}
