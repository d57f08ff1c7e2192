import HeraldJobs
import Vapor

/// `herald sweep`: the leader's hourly round, once, now — refresh credentials that expire soon,
/// warn about those that cannot be refreshed, report posts that should have gone out and did
/// not, and remove finished jobs past their retention. Prints what it found; findings also appear on each workspace's Notifications page.
struct SweepCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Check now for missed posts and expiring credentials (the worker does this hourly)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let report = try await context.application.makeMaintenance().run(on: context.application.db)
        context.console.print("""
            Missed posts found: \(report.missed) (resolved since: \(report.resolved))
            Credentials refreshed: \(report.refreshed), expiring soon: \(report.expiring), expired: \(report.expired)
            Finished jobs removed: \(report.purged)
            """)
    }
}
