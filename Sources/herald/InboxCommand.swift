import ArgumentParser
import FluentKit
import Foundation
import HeraldApp
import HeraldStore

/// `herald inbox export --workspace Acme [--since 2026-11-01] [--output inbox.csv]`: the inbox as
/// CSV (stdout by default), oldest first, streamed page by page.
struct InboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inbox", abstract: "Work with a workspace's inbox.",
                                                    subcommands: [Export.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a workspace's inbox as CSV.")

        @Option(help: "Workspace name or id") var workspace: String?
        @Option(help: "Only items that arrived on or after this day (YYYY-MM-DD, the workspace's zone)") var since: String?
        @Option(help: "Write to this file instead of standard output") var output: String?
        @Option(name: .customLong("as"), help: "E-mail of the member exporting (default: the workspace's first owner)") var actor: String?

        func run() async throws {
            let configuration = try Launch.configuration()
            let handle: FileHandle
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: nil), let file = FileHandle(forWritingAtPath: output) else {
                    Launch.printError("--output: cannot write \(output).")
                    throw ExitCode(2)
                }
                handle = file
            } else {
                handle = .standardOutput
            }
            try await Launch.standalone(configuration) { standalone in
                let db = standalone.database
                let access = try await Launch.workspaceAccess(workspace, actor: actor, on: db)
                do {
                    let from = try InboxExport.since(access, since)
                    try await InboxExport.write(access, since: from, on: db) { chunk in handle.write(Data(chunk.utf8)) }
                } catch {
                    throw Launch.report(error, field: "since") ? ExitCode(2) : error
                }
            }
            if output != nil { try handle.close() }
        }
    }
}
