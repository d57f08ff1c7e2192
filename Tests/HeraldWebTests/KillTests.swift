import HeraldApp
import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldEmulators
import HeraldStore
import HeraldTestSupport
import Testing

@Suite("Crash safety (real processes)")
struct KillTests {
    /// A worker process is killed with SIGKILL in the middle of a burst, then a new one starts:
    /// every post is published exactly once, counted at the Mastodon emulator.
    @Test("SIGKILL mid-burst, restart: each post published exactly once, none lost")
    func killMidBurst() async throws {
        try #require(HeraldProcess.isBuilt, "run `swift build` first")
        let posts = 120
        let emulator = MastodonEmulator()
        emulator.latency = .milliseconds(15)
        // A server that ignores Idempotency-Key: only reading the account before sending again
        // keeps a post from going out twice.
        emulator.honoursIdempotencyKey = false
        try await emulator.start()
        let install = try await InstallFixture.make(extraEnvironment: ["HERALD_WORKER_POLL_MS": "20", "HERALD_JOB_LEASE_SECONDS": "2"])
        let environment = install.environment
        let db = install.db
        let channel = try await install.channel(.mastodon, credential: ChannelCredential(accessToken: emulator.token,
                                                                                            instanceURL: emulator.baseURL))
        let due = Date().addingTimeInterval(-1)
        for index in 0..<posts { try await install.duePost("Пост номер \(index)", channel: channel, due: due) }

        let first = try HeraldProcess.start(["worker"], environment: environment)
        // Let it get well into the burst, then kill it without warning.
        for _ in 0..<200 where emulator.posted.count < posts / 3 { try await Task.sleep(for: .milliseconds(25)) }
        kill(first.0.processIdentifier, SIGKILL)
        _ = HeraldProcess.finish(first)
        let atKill = emulator.posted.count
        #expect(atKill > 0 && atKill < posts, "killed mid-burst (\(atKill) of \(posts))")

        let second = try HeraldProcess.start(["worker"], environment: environment)
        var done = 0
        for _ in 0..<600 where done < posts {
            try await Task.sleep(for: .milliseconds(50))
            done = try await PublicationRecord.query(on: db).filter(\.$stateName == "published").count()
        }
        kill(second.0.processIdentifier, SIGTERM)
        let (status, output) = HeraldProcess.finish(second)
        #expect(status == 0, "\(output.suffix(500))")

        #expect(done == posts, "all publications published")
        let statuses = emulator.posted
        #expect(statuses.count == posts, "exactly one status per post at the server (\(statuses.count))")
        #expect(Set(statuses.map(\.text)).count == posts, "no post twice, none lost")
        #expect(Set(statuses.compactMap(\.idempotencyKey)).count == posts)

        await emulator.stop()
        await install.close()
    }
}
