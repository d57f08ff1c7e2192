import Crypto
import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import SQLKit
import Testing

@Suite("Publishing through the Sandbox platform")
struct PublisherTests {
    static let box = SecretBox(key: SymmetricKey(size: .bits256))
    static let t0 = JobQueueTests.t0

    struct World {
        let database: TestDatabase
        let pool: Databases
        let sandbox: SandboxPlatform
        var db: any Database { JobQueueTests.db(pool) }

        func publisher(_ owner: String, lease: Double = 30) -> Publisher {
            Publisher(queue: JobQueue(owner: owner, leaseSeconds: lease, retry: RetryPolicy(baseDelay: .seconds(5), maximumDelay: .seconds(60))),
                      box: PublisherTests.box, platform: { $0 == .sandbox ? sandbox : nil })
        }

        func publications() async throws -> [PublicationRecord] { try await PublicationRecord.query(on: db).all() }

        func close() async {
            await pool.shutdownAsync()
            await database.destroy()
        }
    }

    /// A workspace with a Sandbox channel and one post due at t0 on it.
    static func world(text: String = "Привет из Herald 👋") async throws -> World {
        let (database, pools) = try await JobQueueTests.database()
        let pool = try pools()
        let db = JobQueueTests.db(pool)
        let organization = Organization(name: "Agency")
        try await organization.create(on: db)
        let workspace = Workspace(organizationID: try organization.requireID(), name: "Acme", timeZone: .utc, language: .en)
        try await workspace.create(on: db)
        let channelID = UUID()
        let sealed = try box.seal(Data("sandbox-token".utf8),
                                  context: SocialChannel.credentialContext(workspaceID: try workspace.requireID(), channelID: channelID))
        try await SocialChannel(id: channelID, workspaceID: try workspace.requireID(), platform: .sandbox, name: "Sandbox",
                                sealedCredentials: sealed).create(on: db)
        let post = Post(workspaceID: try workspace.requireID(), authorID: nil, text: text)
        post.statusName = PostStatus.scheduled.rawValue
        post.scheduledAt = t0
        try await post.create(on: db)
        try await PostTarget(workspaceID: try workspace.requireID(), postID: try post.requireID(), channelID: channelID, text: nil,
                             firstComment: nil, link: nil).create(on: db)
        return World(database: database, pool: pool, sandbox: SandboxPlatform())
    }

    @Test("a post due within the lookahead is queued early but sent only at its time")
    func lookahead() async throws {
        let world = try await Self.world()
        #expect(try await Scheduler.tick(now: Self.t0.addingTimeInterval(-30), on: world.db) == 1)
        #expect(try await world.publisher("w1").runOnce(now: Self.t0.addingTimeInterval(-30), on: world.db) == 0, "not due yet")
        #expect(await world.sandbox.storedCount == 0)
        #expect(try await world.publisher("w1").runOnce(now: Self.t0, on: world.db) == 1)
        #expect(try await world.publications().first?.stateName == "published")
        await world.close()
    }

    @Test("a batch is prepared ahead of its time and sent at its time, not before; stopping while it waits gives it back untouched")
    func preparedAhead() async throws {
        let world = try await Self.world()
        try await Scheduler.tick(now: Self.t0.addingTimeInterval(-30), on: world.db)
        let publisher = world.publisher("w1")
        // Half a second before its time: taken, checked and marked, not sent.
        let early = Self.t0.addingTimeInterval(-0.5)
        #expect(try await publisher.prepare(limit: 10, now: early, lead: 0, on: world.db) == nil, "nothing due without a lead")
        let batch = try #require(try await publisher.prepare(limit: 10, now: early, lead: 1, on: world.db))
        #expect(batch.count == 1)
        #expect(try await world.publications().first?.stateName == "publishing")
        #expect(await world.sandbox.requests == 0)
        let clock = ContinuousClock(), started = clock.now
        try await publisher.finish(batch, on: world.db)
        #expect(clock.now - started >= .milliseconds(450), "waited for its time")
        #expect(try await world.publications().first?.stateName == "published")

        // Another post, prepared ahead, then the worker stops before its time: back as it was.
        let second = try await Self.world()
        try await Scheduler.tick(now: Self.t0, on: second.db)
        let other = second.publisher("w2")
        let waiting = try #require(try await other.prepare(limit: 10, now: Self.t0.addingTimeInterval(-3), lead: 5, on: second.db))
        let asked = ContinuousClock.now + .milliseconds(100)
        try await other.finish(waiting, stop: { ContinuousClock.now >= asked }, on: second.db)
        // Noticed while waiting: a stop noticed only at the post's time would have sent it. (No bound
        // on the seconds it took: on a loaded two-core machine the write-back alone took 8 s once.)
        #expect(await second.sandbox.requests == 0)
        #expect(try await second.publications().first?.stateName == "scheduled")
        let jobs = try await JobStore.counts(on: second.db)
        #expect(jobs["queued"] == 1 && jobs["running"] == nil)
        #expect(try await other.runOnce(now: Self.t0, on: second.db) == 1)
        #expect(try await second.publications().first?.stateName == "published")
        await world.close()
        await second.close()
    }

    @Test("a due post is published once; ticking again adds nothing")
    func happyPath() async throws {
        let world = try await Self.world()
        #expect(try await Scheduler.tick(now: Self.t0.addingTimeInterval(-61), on: world.db) == 0, "not due within the lookahead")
        #expect(try await Scheduler.tick(now: Self.t0, on: world.db) == 1)
        #expect(try await Scheduler.tick(now: Self.t0, on: world.db) == 0)
        #expect(try await world.publisher("w1").runOnce(now: Self.t0, on: world.db) == 1)
        let publication = try #require(try await world.publications().first)
        #expect(publication.stateName == "published" && publication.remoteID == "sandbox-1")
        #expect(await world.sandbox.storedCount == 1)
        #expect(try await world.publisher("w1").runOnce(now: Self.t0.addingTimeInterval(3600), on: world.db) == 0)
        await world.close()
    }

    @Test("the platform stores the post but the answer is lost: reconciled, not sent twice")
    func timeoutAfterStore() async throws {
        let world = try await Self.world()
        await world.sandbox.inject(.timeoutAfterStore)
        try await Scheduler.tick(now: Self.t0, on: world.db)
        try await world.publisher("w1").runOnce(now: Self.t0, on: world.db)
        #expect(try await world.publications().first?.stateName == "unknown")
        // The job comes back after its backoff; the worker asks the platform instead of sending.
        try await world.publisher("w1").runOnce(now: Self.t0.addingTimeInterval(120), on: world.db)
        let publication = try #require(try await world.publications().first)
        #expect(publication.stateName == "published" && publication.remoteID == "sandbox-1")
        #expect(await world.sandbox.requests == 1, "one publish request in all")
        #expect(await world.sandbox.storedCount == 1)
        await world.close()
    }

    @Test("a worker dies after sending: the lease expires, the next worker reconciles and does not post again")
    func crashedWorker() async throws {
        let world = try await Self.world()
        try await Scheduler.tick(now: Self.t0, on: world.db)
        // Worker A takes the job, records "publishing" and sends — then dies before saving the answer.
        let dying = JobQueue(owner: "dying", leaseSeconds: 30)
        let job = try #require(try await dying.take(limit: 1, now: Self.t0, on: world.db).first)
        let publication = try #require(try await world.publications().first)
        publication.state = try publication.state.applying(.leased(owner: "dying", attempt: job.attempts))
        try await publication.save(on: world.db)
        _ = try await world.sandbox.publish(PublishRequest(text: "Привет из Herald 👋", idempotencyKey: publication.idempotencyKey),
                                            credential: "sandbox-token")
        // Worker B, after the lease ran out.
        #expect(try await world.publisher("survivor").runOnce(now: Self.t0.addingTimeInterval(31), on: world.db) == 1)
        let after = try #require(try await world.publications().first)
        #expect(after.stateName == "published")
        let (requests, stored) = (await world.sandbox.requests, await world.sandbox.storedCount)
        #expect(requests == 1 && stored == 1)
        await world.close()
    }

    @Test("a refusal that will not change ends visibly failed with the platform's reason; retryable ones are retried")
    func refusals() async throws {
        let world = try await Self.world()
        await world.sandbox.inject(.refuse(retryable: true))
        await world.sandbox.inject(.refuse(retryable: false))
        try await Scheduler.tick(now: Self.t0, on: world.db)
        try await world.publisher("w1").runOnce(now: Self.t0, on: world.db)
        #expect(try await world.publications().first?.stateName == "scheduled", "503: back on the schedule")
        try await world.publisher("w1").runOnce(now: Self.t0.addingTimeInterval(120), on: world.db)
        let failed = try #require(try await world.publications().first)
        #expect(failed.stateName == "failed" && failed.problem == .rejected && failed.platformMessage == "sandbox: refused")
        #expect(await world.sandbox.storedCount == 0)
        #expect(try await JobStore.counts(on: world.db)["failed"] == 1)
        await world.close()
    }

    @Test("a post that breaks its channel's rules is not sent; the publication says why")
    func blocked() async throws {
        let world = try await Self.world(text: String(repeating: "a", count: 1001))
        try await Scheduler.tick(now: Self.t0, on: world.db)
        try await world.publisher("w1").runOnce(now: Self.t0, on: world.db)
        let publication = try #require(try await world.publications().first)
        #expect(publication.stateName == "failed")
        #expect(publication.problem == .blocked && publication.platformMessage == nil)
        #expect(await world.sandbox.requests == 0)
        await world.close()
    }

    @Test("a burst's posts become published together, each with one line in its history, written set-wise past a statement's size")
    func historyOfABurst() async throws {
        let world = try await Self.world()
        let first = try #require(try await Post.query(on: world.db).first())
        let target = try #require(try await PostTarget.query(on: world.db).first())
        for index in 1...600 {
            let post = Post(workspaceID: first.$workspace.id, authorID: nil, text: "Пост \(index)")
            post.statusName = PostStatus.scheduled.rawValue
            post.scheduledAt = Self.t0
            try await post.create(on: world.db)
            try await PostTarget(workspaceID: first.$workspace.id, postID: try post.requireID(), channelID: target.$channel.id, text: nil,
                                 firstComment: nil, link: nil).create(on: world.db)
        }
        #expect(try await Scheduler.tick(now: Self.t0, on: world.db) == 601)
        let publications = try await world.publications()
        let posts = Array(Set(publications.map(\.$post.id)))
        for _ in 0..<2 {  // recorded twice (a second worker's late answer): still one line each
            try await world.db.writeTransaction { tx in
                let sql = try #require(tx as? any SQLDatabase)
                _ = try await PublishBatch.recordPublished(publications.map { ($0.id!, "remote-\($0.id!)", nil, Self.t0) }, now: Self.t0, on: sql)
                try await PublishBatch.markPostsPublished(posts, now: Self.t0, on: sql)
            }
        }
        #expect(try await Post.query(on: world.db).filter(\.$statusName == "published").count() == 601)
        let events = try await PostEvent.query(on: world.db).filter(\.$action == PostEvent.published).all()
        #expect(events.count == 601 && Set(events.map(\.$post.id)) == Set(posts))
        #expect(events.allSatisfy { $0.actorName == "Herald" && $0.fromStatus == "scheduled" && $0.toStatus == "published"
                                    && $0.$workspace.id == first.$workspace.id })
        await world.close()
    }

    @Test("two workers record the two channels of one post at the same moment: the post still becomes published")
    func postPublishedAcrossWorkers() async throws {
        let world = try await Self.world()
        let post = try #require(try await Post.query(on: world.db).first())
        let first = try #require(try await PostTarget.query(on: world.db).first())
        let channelID = UUID()
        let sealed = try Self.box.seal(Data("sandbox-token".utf8),
                                       context: SocialChannel.credentialContext(workspaceID: post.$workspace.id, channelID: channelID))
        try await SocialChannel(id: channelID, workspaceID: post.$workspace.id, platform: .sandbox, name: "Sandbox 2",
                                sealedCredentials: sealed).create(on: world.db)
        try await PostTarget(workspaceID: post.$workspace.id, postID: try post.requireID(), channelID: channelID, text: nil,
                             firstComment: nil, link: nil).create(on: world.db)
        #expect(try await Scheduler.tick(now: Self.t0, on: world.db) == 2)
        let publications = try await world.publications()
        let a = try #require(publications.first { $0.$target.id == first.id }?.id)
        let b = try #require(publications.first { $0.$target.id != first.id }?.id)
        let postID = try post.requireID()

        // Worker 1 records its channel and checks the post, then holds its transaction open while
        // worker 2, on its own connections, records the other channel and checks the post.
        // (PostgreSQL only: SQLite lets one writer at a time, so worker 2 could not start — and
        // SQLiteNIO's busy handler would spin a thread of the shared pool the whole time.)
        let other = try SeparatePool.databases(world.database.target)
        let concurrent = TestDatabase.engine == "postgresql"
        let (marked, markedSignal) = AsyncStream.makeStream(of: Void.self)
        let record: @Sendable (any Database, UUID, Bool) async throws -> Void = { db, publication, hold in
            try await db.writeTransaction { tx in
                let sql = try #require(tx as? any SQLDatabase)
                try await PublishBatch.recordPublished([(publication, "remote", nil, Self.t0)], now: Self.t0, on: sql)
                try await PublishBatch.markPostsPublished([postID], now: Self.t0, on: sql)
                markedSignal.yield()
                if hold { try await Task.sleep(for: .milliseconds(300)) }
            }
        }
        async let one: Void = record(world.db, a, concurrent)
        if concurrent { for await _ in marked { break } } else { try await one }
        do {
            try await record(JobQueueTests.db(other), b, false)
            try await one
            #expect(try await Post.find(postID, on: world.db)?.statusName == "published")
        } catch {
            Issue.record(error)
        }
        await other.shutdownAsync()
        await world.close()
    }
}
