import ArgumentParser
import FluentKit
import Foundation
import HeraldApp
import HeraldStore

/// `herald analytics export --workspace Acme [--from 2026-11-01] [--to 2026-11-30] [--output posts.csv]`:
/// every post published in the period with its latest numbers, as CSV (the Analytics page's download).
struct AnalyticsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "analytics", abstract: "Read a workspace's analytics.",
                                                    subcommands: [Export.self, Rebuild.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the posts of a period with their numbers as CSV.")

        @Option(help: "Workspace name or id") var workspace: String?
        @Option(help: "First day (YYYY-MM-DD, the workspace's zone; default 29 days before --to)") var from: String?
        @Option(help: "Last day, included (YYYY-MM-DD; default today)") var to: String?
        @Option(help: "Write to this file instead of standard output") var output: String?
        @Option(name: .customLong("as"), help: "E-mail of the member exporting (default: the workspace's first owner)") var actor: String?

        func run() async throws {
            let configuration = try Launch.configuration()
            try await Launch.standalone(configuration) { standalone in
                let db = standalone.database
                let access = try await Launch.workspaceAccess(workspace, actor: actor, on: db)
                let csv: String
                do {
                    let (start, end) = try ReportPeriod.parse(access.workspace.zone, from: from, to: to)
                    csv = try await AnalyticsExport.csv(access, from: start, to: end, on: db)
                } catch {
                    throw Launch.report(error) ? ExitCode(2) : error
                }
                if let output {
                    guard FileManager.default.createFile(atPath: output, contents: Data(csv.utf8)) else {
                        Launch.printError("--output: cannot write \(output).")
                        throw ExitCode(2)
                    }
                } else {
                    FileHandle.standardOutput.write(Data(csv.utf8))
                }
            }
        }
    }

    /// `herald analytics rebuild --workspace Acme`: empties the workspace's roll-up and fills it again
    /// (after tags on library files changed, or to check it); idempotent.
    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fill a workspace's analytics roll-up again from its publications (safe to repeat).")

        @Option(help: "Workspace name or id") var workspace: String?
        @Option(name: .customLong("as"), help: "E-mail of the member asking (default: the workspace's first owner)") var actor: String?

        func run() async throws {
            let configuration = try Launch.configuration()
            try await Launch.standalone(configuration) { standalone in
                let access = try await Launch.workspaceAccess(workspace, actor: actor, on: standalone.database)
                do {
                    try access.require(.manageSettings)
                    let rows = try await AnalyticsRollup.rebuild(access.workspace, on: standalone.database)
                    print("\(access.workspace.name): \(rows) published posts in the analytics roll-up.")
                } catch {
                    throw Launch.report(error) ? ExitCode(2) : error
                }
            }
        }
    }
}
