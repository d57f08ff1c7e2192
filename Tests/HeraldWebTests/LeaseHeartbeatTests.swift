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
    @Test("a 7 s send with a 4 s lease: a second worker polling all along never takes the job; one status")
    func slowSend() async throws {
        // Under a loaded PostgreSQL this test has failed with an error the driver hides; say what PostgreSQL answered.
        do { try await slowSendBody() } catch {
            Issue.record("\(String(reflecting: error))")
        }
    }

    func slowSendBody() async throws {
        let mastodon = MastodonEmulator(token: "t0k")
        mastodon.latency = .seconds(7)
        mastodon.honoursIdempotencyKey = false
        try await mastodon.start()
        // A 1 s lease renewed every 0.33 s lapsed under a loaded PostgreSQL (the whole suite at once),
        // and so, once, did a 2 s lease renewed every 0.67 s (2026-12-07): the two cores are shared by
        // every suite running at once. Production leases are minutes long.
        try await withHerald({ $0.jobLeaseSeconds = 4; $0.workerPollMilliseconds = 50; $0.workerLeadMilliseconds = 0 }) { app in
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
            for _ in 0..<30 {
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

    @Test("a lease that runs out anyway (a stalled database): both workers send; the first record stands, the second copy is named in the post's history, nothing fails")
    func secondCopyNamed() async throws {
        let mastodon = MastodonEmulator(token: "t0k")
        mastodon.holdStatusesUntil = 2     // A's status is not there when B looks for it
        mastodon.honoursIdempotencyKey = false
        try await mastodon.start()
        try await withHerald({ $0.jobLeaseSeconds = 5 }) { app in
            let owner = try TestBrowser(app: app)
            let w = try await Fixtures.setUpOwner(owner)
            let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
            let channel = try await Agency.create(api, "/api/v1/workspaces/\(w)/channels",
                                                  #"{"platform":"mastodon","name":"Fedi","access_token":"t0k","instance_url":"\#(mastodon.baseURL)"}"#)
            let post = try await Agency.create(api, "/api/v1/workspaces/\(w)/posts", #"{"text":"Дважды","channels":["\#(channel)"]}"#)
            let row = try #require(try await Post.find(post, on: app.db))
            row.statusName = PostStatus.scheduled.rawValue
            row.scheduledAt = Date().addingTimeInterval(-5)
            try await row.save(on: app.db)
            try await Scheduler.tick(on: app.db)

            // Worker A sends; no heartbeat runs (a bare publisher), and worker B's clock is past A's lease.
            let a = app.runtime.makeWorker(database: app.runtime.database).publisher
            let b = app.runtime.makeWorker(database: app.runtime.database).publisher
            let sending = Task { try await a.runOnce(on: app.db) }
            for _ in 0..<100 where mastodon.requests == 0 { try await Task.sleep(for: .milliseconds(20)) }
            #expect(try await b.runOnce(now: Date().addingTimeInterval(60), on: app.db) == 1, "B takes the job back")
            #expect(try await sending.value == 1, "A's outcome is written without an error")
            #expect(mastodon.posted.count == 2, "both sent: the emulator keeps no idempotency keys")

            let publication = try #require(try await PublicationRecord.query(on: app.db).first())
            #expect(publication.stateName == "published")
            let ids = Set(mastodon.posted.map(\.id))
            let kept = try #require(publication.remoteID)
            #expect(ids.contains(kept))
            let events = try await PostEvent.query(on: app.db).filter(\.$action == PostEvent.publishedTwice).all()
            #expect(events.count == 1)
            let second = try #require(ids.subtracting([kept]).first)
            #expect(events.first?.comment == "Fedi: \(second)")
            let page = try await owner.get("/w/\(w)/posts/\(post)")
            #expect(page.text.contains("found this post twice on the platform"))
        }
        await mastodon.stop()
    }
}
