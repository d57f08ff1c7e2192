import ArgumentParser
import Foundation
import HeraldStore

/// `herald sweep`: the leader's hourly round, once, now — refresh credentials that expire soon,
/// warn about those that cannot be refreshed, report posts that should have gone out and did
/// not, and remove finished jobs past their retention. Findings also appear on each workspace's
/// Notifications page.
struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep", abstract: "Check now for missed posts and expiring credentials (the worker does this hourly).")

    func run() async throws {
        let configuration = try Launch.configuration()
        try await Launch.standalone(configuration) { standalone in
            let report = try await standalone.runtime.makeMaintenance().run(on: standalone.database)
            // Whether anything publishes at all: the sweep runs in a worker too, unless asked for here.
            let beats = try await WorkerBeats.read(on: standalone.database)
            func ago(_ date: Date) -> Int { Int(max(0, Date().timeIntervalSince(date))) }
            let workers = beats.seen.map { seen in
                "last went round its loop \(ago(seen)) s ago; "
                    + (beats.led.map { "last scheduled posts \(ago($0)) s ago" } ?? "none has scheduled posts yet")
            } ?? "none has run: nothing is published until `herald worker` (or `herald serve`) runs"
            print("""
                Workers: \(workers)
                Missed posts found: \(report.missed) (resolved since: \(report.resolved))
                Credentials refreshed: \(report.refreshed), expiring soon: \(report.expiring), expired: \(report.expired)
                Finished jobs removed: \(report.purged)
                Abandoned partial uploads removed: \(report.abandonedUploads)
                """)
        }
    }
}
