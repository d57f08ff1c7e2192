import FluentKit
import Foundation
import HeraldApp
import HeraldCore
import HeraldEmulators
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

/// A send slower than a job's lease: the worker sending it renews the lease while the send is in
/// flight, so a second worker never takes the job back and posts a second copy.
@Suite("Lease heartbeat")
struct LeaseHeartbeatTests {
    @Test("a 3 s send with a 1 s lease: a second worker polling all along never takes the job; one status")
    func slowSend() async throws {
        // Under a loaded PostgreSQL this test has failed with an error the driver hides; say what PostgreSQL answered.
        do { try await slowSendBody() } catch {
            Issue.record("\(String(reflecting: error))")
        }
    }

    func slowSendBody() async throws {
        let mastodon = MastodonEmulator(token: "t0k")
        mastodon.latency = .seconds(3)
        mastodon.honoursIdempotencyKey = false
        try await mastodon.start()
        try await withHerald({ $0.jobLeaseSeconds = 1; $0.workerPollMilliseconds = 50; $0.workerLeadMilliseconds = 0 }) { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let channel = try await Agency.create(api, "/api/v1/workspaces/\(w)/channels",
                                                  #"{"platform":"mastodon","name":"Fedi","access_token":"t0k","instance_url":"\#(mastodon.baseURL)"}"#)
            let post = try await Agency.create(api, "/api/v1/workspaces/\(w)/posts", #"{"text":"Медленный сервер","channels":["\#(channel)"]}"#)
            let row = try #require(try await Post.find(post, on: app.db))
            row.statusName = PostStatus.scheduled.rawValue
            row.scheduledAt = Date().addingTimeInterval(-5)
            try await row.save(on: app.db)
            try await Scheduler.tick(on: app.db)

            var first = app.runtime.makeWorker(database: app.runtime.database)
            first.inbox = nil
            let running = Task { await first.run() }
            for _ in 0..<100 where mastodon.requests == 0 { try await Task.sleep(for: .milliseconds(20)) }
            #expect(mastodon.requests == 1, "the first worker is sending")
            let second = app.runtime.makeWorker(database: app.runtime.database).publisher
            for _ in 0..<16 {
                try await Task.sleep(for: .milliseconds(250))
                #expect(try await second.runOnce(on: app.db) == 0, "the job stays with the worker sending it")
            }
            for _ in 0..<100 where mastodon.posted.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            try await Task.sleep(for: .milliseconds(300))
            running.cancel()
            await running.value
            #expect(mastodon.posted.count == 1, "one status: \(mastodon.posted.count)")
            #expect(try await PublicationRecord.query(on: app.db).first()?.stateName == "published")
        }
        await mastodon.stop()
    }
}
