import ArgumentParser
import FluentKit
import Foundation
import HeraldApp
import HeraldCore
import HeraldStore

/// `herald import posts.csv --workspace Acme [--as editor@agency.test] [--only-valid] [--dry-run]`:
/// the same checks and all-or-nothing rule as the web page and the API.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import posts from a CSV file into a workspace.")

    @Argument(help: "The CSV file (see docs/import.md)") var file: String
    @Option(help: "Workspace name or id") var workspace: String?
    @Option(name: .customLong("as"), help: "E-mail of the member the posts are created as (default: the workspace's first owner)")
    var actor: String?
    @Flag(name: .customLong("only-valid"), help: "Import the valid rows even when others have problems") var onlyValid = false
    @Flag(name: .customLong("dry-run"), help: "Only check") var dryRun = false

    func run() async throws {
        let configuration = try Launch.configuration()
        guard let data = FileManager.default.contents(atPath: file) else {
            Launch.printError("Cannot read \(file).")
            throw ExitCode(2)
        }
        let report = try await Launch.standalone(configuration) { standalone in
            let db = standalone.database
            let access = try await access(on: db)
            do {
                return try await ImportService.run(access, csv: data, onlyValid: onlyValid, dryRun: dryRun,
                                                   notifier: standalone.runtime.notifier, on: db)
            } catch {
                throw Launch.report(error, field: "file") ? ExitCode(2) : error
            }
        }
        for problem in report.problems {
            print("line \(problem.line), \(problem.column): \(problem.text(in: .en))")
        }
        print("\(report.imported) of \(report.rows) rows imported (\(report.valid) valid).")
        if !report.problems.isEmpty && report.imported == 0 && !dryRun { throw ExitCode(1) }
    }

    private func access(on db: any Database) async throws -> WorkspaceAccess {
        try await Launch.workspaceAccess(workspace, actor: actor, on: db)
    }
}
