import FluentKit
import Foundation
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldJobs
import HeraldStore
import SQLKit

/// `herald bench inbox --items N [--json]`: N items of the Sandbox's simulated audience go in
/// through the inbox's own ingestion (stored once, mood read, rules looked up), with one batch in
/// twenty sent again to prove the dedupe; then the inbox list, search and service-level views are
/// timed. With `--json` the last line is one object: items, database, ingest_per_second,
/// duplicates, views {list, search, sla: {p50_ms, p99_ms}}.
enum InboxBench {
    struct View: Encodable {
        var p50: Double
        var p99: Double
        enum CodingKeys: String, CodingKey { case p50 = "p50_ms", p99 = "p99_ms" }
    }

    struct Result: Encodable {
        var items: Int
        var database: String
        var ingestPerSecond: Double
        var duplicates: Int
        var views: [String: View]

        enum CodingKeys: String, CodingKey {
            case items, database, duplicates, views
            case ingestPerSecond = "ingest_per_second"
        }
    }

    static let batch = 1000
    static let runs = 40

    static func run(items: Int, runtime: HeraldRuntime) async throws -> Result {
        let db = runtime.database()
        let (user, workspace) = try await AccountService.setUp(
            .init(organizationName: "Bench agency", name: "Bench owner", email: "owner@bench.example",
                  password: "bench-password-long-enough", workspaceName: "Bench brand", timeZone: "Europe/Moscow"),
            hasher: runtime.passwords, on: db)
        let workspaceID = try workspace.requireID()
        let access = WorkspaceAccess(user: user, userID: try user.requireID(), workspace: workspace, workspaceID: workspaceID, role: .owner)
        let channelID = UUID()
        let sealed = try runtime.secretBox.seal(Data(ChannelCredential(accessToken: "bench").encoded.utf8),
                                                context: SocialChannel.credentialContext(workspaceID: workspaceID, channelID: channelID))
        let channel = SocialChannel(id: channelID, workspaceID: workspaceID, platform: .sandbox, name: "Bench Sandbox", sealedCredentials: sealed)
        try await channel.create(on: db)

        // Ingest: the sync's own store, a batch per transaction; every twentieth batch also carries the previous one's last 50 again.
        let start = Date().addingTimeInterval(-90 * 86_400)
        var stored = 0, resent = 0
        let began = ContinuousClock.now
        for first in stride(from: 0, to: items, by: batch) {
            var list = (first..<min(items, first + batch)).map { index in
                let sample = SandboxInboxSample.item(index)
                return ConversationItem(remoteID: "bench-\(index)", kind: sample.message ? .directMessage : .comment, authorID: sample.authorID,
                                        authorName: sample.authorName, text: sample.text,
                                        at: start.addingTimeInterval(90 * 86_400 * Double(index) / Double(max(1, items))))
            }
            if (first / batch) % 20 == 19 {
                let again = (max(0, first - 50)..<first).map { index in
                    let sample = SandboxInboxSample.item(index)
                    return ConversationItem(remoteID: "bench-\(index)", kind: sample.message ? .directMessage : .comment,
                                            authorID: sample.authorID, authorName: sample.authorName, text: sample.text, at: start)
                }
                resent += again.count
                list += again
            }
            let batchItems = list
            stored += try await db.writeTransaction { tx in
                try await InboxSync.store(ConversationBatch(items: batchItems, cursor: nil), channel: channel, now: Date(), on: tx)
            }
        }
        let elapsed = (ContinuousClock.now - began).inSeconds
        // Most of an inbox is settled: nine in ten items done, the newest tenth open.
        if let sql = db as? any SQLDatabase {
            try await sql.raw("""
                UPDATE inbox_items SET status = 'done', resolved_at = at WHERE workspace_id = \(bind: workspaceID)
                AND at < \(bind: start.addingTimeInterval(81 * 86_400))
                """).run()
            try await PlannerStatistics.afterBulkLoad(on: db)
        }

        func time(_ body: () async throws -> Void) async throws -> View {
            for _ in 0..<3 { try await body() }
            var samples: [Double] = []
            for _ in 0..<runs {
                let t = ContinuousClock.now
                try await body()
                samples.append((ContinuousClock.now - t).inSeconds * 1000)
            }
            samples.sort()
            func at(_ p: Double) -> Double { samples[min(samples.count - 1, Int((p * Double(samples.count)).rounded(.up)) - 1)] }
            return View(p50: at(0.5), p99: at(0.99))
        }
        let words = ["заказ", "delivery", "скидка", "available", "помогите", "link", "вернуть", "discount"]
        var turn = 0
        let list = try await time { _ = try await InboxService.list(access, InboxService.Filter(limit: 100), on: db) }
        let search = try await time {
            turn += 1
            var filter = InboxService.Filter(limit: 100)
            filter.query = words[turn % words.count]
            _ = try await InboxService.list(access, filter, on: db)
        }
        let sla = try await time { _ = try await InboxService.list(access, InboxService.Filter(status: .open, limit: 100), on: db) }
        // Sent again and not stored again: what the dedupe caught.
        return Result(items: stored, database: runtime.configuration.database.kind, ingestPerSecond: Double(stored) / max(elapsed, 0.001),
                      duplicates: items + resent - stored, views: ["list": list, "search": search, "sla": sla])
    }
}
