import AsyncHTTPClient
import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldEmulators
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import NIOCore
import Testing

@Suite("Publishing to a Mastodon server (emulated, real HTTP)")
struct MastodonPublishingTests {
    /// A workspace with a Mastodon channel on the emulator and one post due at t0.
    struct World {
        let emulator: MastodonEmulator
        let client: HTTPClient
        let database: TestDatabase
        let pool: Databases
        let workspaceID: UUID
        let postID: UUID
        let dataDirectory: String
        var db: any Database { JobQueueTests.db(pool) }

        /// `timeout`: each request's; generous by default (under the whole suite two cores serve every
        /// test at once, and a 3 s limit once turned a slow answer into an unwanted "no answer"), short
        /// only where a test lets the server keep the answer back on purpose.
        func publisher(timeout: TimeAmount = .seconds(30)) -> Publisher {
            var mastodon = MastodonPlatform(client: client, timeout: timeout, recorder: { request in
                try? ContractRecorder.record(request, file: "mastodon-engine")
            })
            mastodon.mediaPollInterval = .milliseconds(20)
            var publisher = Publisher(queue: JobQueue(owner: "w1", leaseSeconds: 30), box: PublisherTests.box,
                                      platform: { [mastodon] in $0 == .mastodon ? mastodon : nil })
            publisher.mediaStorage = MediaStorage(dataDirectory: dataDirectory)
            return publisher
        }

        func publication() async throws -> PublicationRecord { try #require(try await PublicationRecord.query(on: db).first()) }

        /// Adds a library file with real bytes on disk and attaches it to the post.
        func attach(_ name: String, format: MediaFormat, bytes: [UInt8], alt: String) async throws {
            let info = try MediaProbe.probe(bytes)
            let id = UUID()
            let file = MediaFile(id: id, workspaceID: workspaceID, fileName: name, info: info, bytes: bytes.count, sha256: "x",
                                 uploadedBy: nil)
            file.altText = alt
            try await file.create(on: db)
            let storage = MediaStorage(dataDirectory: dataDirectory)
            let path = storage.path(workspaceID: workspaceID, id: id, ext: format.rawValue)
            let staged = try storage.incomingPath()
            FileManager.default.createFile(atPath: staged, contents: Data(bytes))
            try storage.commit(staged, to: path)
            let post = try #require(try await Post.find(postID, on: db))
            post.mediaIDs += [id]
            try await post.save(on: db)
        }

        func close() async throws {
            try await client.shutdown()
            await emulator.stop()
            await pool.shutdownAsync()
            await database.destroy()
            try? FileManager.default.removeItem(atPath: dataDirectory)
        }
    }

    static func world(text: String = "Статус через эмулятор", honoursIdempotencyKey: Bool = true) async throws -> World {
        let emulator = MastodonEmulator()
        emulator.clock = { JobQueueTests.t0 }
        emulator.honoursIdempotencyKey = honoursIdempotencyKey
        try await emulator.start()
        let (database, pools) = try await JobQueueTests.database()
        let pool = try pools()
        let db = JobQueueTests.db(pool)
        let organization = Organization(name: "Agency")
        try await organization.create(on: db)
        let workspace = Workspace(organizationID: try organization.requireID(), name: "Acme", timeZone: .utc, language: .en)
        try await workspace.create(on: db)
        let workspaceID = try workspace.requireID()
        let channelID = UUID()
        let credential = ChannelCredential(accessToken: emulator.token, instanceURL: emulator.baseURL).encoded
        try await SocialChannel(id: channelID, workspaceID: workspaceID, platform: .mastodon, name: "Fedi",
                                sealedCredentials: try PublisherTests.box.seal(Data(credential.utf8), context: SocialChannel.credentialContext(
                                    workspaceID: workspaceID, channelID: channelID))).create(on: db)
        let post = Post(workspaceID: workspaceID, authorID: nil, text: text)
        post.statusName = "scheduled"
        post.scheduledAt = JobQueueTests.t0
        try await post.create(on: db)
        try await PostTarget(workspaceID: workspaceID, postID: try post.requireID(), channelID: channelID, text: nil,
                             firstComment: nil, link: nil).create(on: db)
        let directory = NSTemporaryDirectory() + "herald-media-" + UUID().uuidString
        return World(emulator: emulator, client: HTTPClient(eventLoopGroupProvider: .singleton), database: database, pool: pool,
                     workspaceID: workspaceID, postID: try post.requireID(), dataDirectory: directory)
    }

    /// A world for `body`, closed afterwards whatever happens.
    static func withWorld(text: String = "Статус через эмулятор", honoursIdempotencyKey: Bool = true,
                          _ body: (World) async throws -> Void) async throws {
        let world = try await Self.world(text: text, honoursIdempotencyKey: honoursIdempotencyKey)
        do { try await body(world) } catch {
            try await world.close()
            throw error
        }
        try await world.close()
    }

    @Test("the server stores the status but the answer times out: the engine reads the account and never posts twice, whether or not the server honours Idempotency-Key",
          arguments: [true, false])
    func timeoutAfterStore(honoursIdempotencyKey: Bool) async throws {
        try await Self.withWorld(honoursIdempotencyKey: honoursIdempotencyKey) { world in
            let publisher = world.publisher(timeout: .seconds(3))
            world.emulator.inject(.timeoutAfterStore(seconds: 8))
            try await Scheduler.tick(now: JobQueueTests.t0, on: world.db)
            try await publisher.runOnce(now: JobQueueTests.t0, on: world.db)
            #expect(try await world.publication().stateName == "unknown")
            // Nothing is held back now: the reading gets the usual time (3 s ran out under the
            // whole PostgreSQL suite once, leaving the publication unknown).
            try await world.publisher().runOnce(now: JobQueueTests.t0.addingTimeInterval(600), on: world.db)
            let publication = try await world.publication()
            #expect(publication.stateName == "published")
            #expect(publication.remoteID == world.emulator.posted.first?.id)
            #expect(world.emulator.posted.count == 1, "exactly one status on the server")
            #expect(world.emulator.requests == 1, "found by reading, not by sending again")
            #expect(publication.resolution?.hasPrefix("found status \(publication.remoteID ?? "?") by its text") == true)
        }
    }

    @Test("media go up once: a post the server refused for now is retried with the kept media ids; media the server forgot are uploaded again")
    func mediaUploadedOnce() async throws {
        try await Self.withWorld { world in
            let publisher = world.publisher()
            try await world.attach("photo.jpg", format: .jpeg, bytes: MediaFixtures.jpeg(800, 600), alt: "Фото")
            world.emulator.inject(.serverError)
            try await Scheduler.tick(now: JobQueueTests.t0, on: world.db)
            try await publisher.runOnce(now: JobQueueTests.t0, on: world.db)
            #expect(try await world.publication().stateName == "scheduled", "503: retried")
            #expect(world.emulator.uploads.count == 1 && world.emulator.posted.isEmpty)
            // The server forgets the upload before the retry: the kept id is refused, the file goes up again.
            world.emulator.forgetUploads()
            try await publisher.runOnce(now: JobQueueTests.t0.addingTimeInterval(600), on: world.db)
            let publication = try await world.publication()
            #expect(publication.stateName == "published", "\(publication.stateName) \(publication.platformMessage ?? "")")
            #expect(world.emulator.posted.count == 1 && world.emulator.posted.first?.mediaIDs == world.emulator.uploads.map(\.id))
        }
    }

    @Test("a retried post sends the media uploaded by the attempt before, not new copies")
    func mediaKeptAcrossAttempts() async throws {
        try await Self.withWorld { world in
            let publisher = world.publisher()
            try await world.attach("photo.jpg", format: .jpeg, bytes: MediaFixtures.jpeg(800, 600), alt: "Фото")
            world.emulator.inject(.serverError)
            try await Scheduler.tick(now: JobQueueTests.t0, on: world.db)
            try await publisher.runOnce(now: JobQueueTests.t0, on: world.db)
            try await publisher.runOnce(now: JobQueueTests.t0.addingTimeInterval(600), on: world.db)
            #expect(try await world.publication().stateName == "published")
            #expect(world.emulator.uploads.count == 1, "uploaded once: \(world.emulator.uploads.count)")
            #expect(world.emulator.posted.first?.mediaIDs == [world.emulator.uploads.first?.id ?? ""])
        }
    }

    @Test("a send that outlives its job's lease: the same worker takes the job back and leaves it to the send in flight — one status")
    func leaseRunsOutMidSend() async throws {
        try await Self.withWorld(honoursIdempotencyKey: false) { world in
            world.emulator.latency = .seconds(2)
            let mastodon = MastodonPlatform(client: world.client, timeout: .seconds(10))
            let publisher = Publisher(queue: JobQueue(owner: "w1", leaseSeconds: 1), box: PublisherTests.box,
                                      platform: { [mastodon] in $0 == .mastodon ? mastodon : nil })
            try await Scheduler.tick(now: JobQueueTests.t0, on: world.db)
            let batch = try #require(try await publisher.prepare(limit: 10, now: JobQueueTests.t0, on: world.db))
            let sending = Task { try await publisher.finish(batch, on: world.db) }
            try await Task.sleep(for: .milliseconds(300))
            // Five seconds later by the queue's clock the lease has run out: the job is taken again.
            #expect(try await publisher.runOnce(now: JobQueueTests.t0.addingTimeInterval(5), on: world.db) == 1)
            try await sending.value
            #expect(world.emulator.posted.count == 1, "not reconciled and sent again while its send was under way")
            #expect(try await world.publication().stateName == "published")
        }
    }

    @Test("the connection drops, before or after the server stored the status: unknown, reconciled by reading, exactly one status — also on a server that ignores Idempotency-Key",
          arguments: [false, true], [true, false])
    func droppedConnection(afterStore: Bool, honoursIdempotencyKey: Bool) async throws {
        try await Self.withWorld(honoursIdempotencyKey: honoursIdempotencyKey) { world in
            let publisher = world.publisher()
            world.emulator.inject(.dropConnection(afterStore: afterStore))
            try await Scheduler.tick(now: JobQueueTests.t0, on: world.db)
            try await publisher.runOnce(now: JobQueueTests.t0, on: world.db)
            let first = try await world.publication()
            #expect(first.stateName == "unknown", "a dropped answer is never taken as a refusal: \(first.platformMessage ?? "")")
            #expect(world.emulator.posted.count == (afterStore ? 1 : 0))
            try await publisher.runOnce(now: JobQueueTests.t0.addingTimeInterval(600), on: world.db)
            #expect(try await world.publication().stateName == "published")
            #expect(world.emulator.posted.count == 1, "exactly one status on the server")
            #expect(world.emulator.requests == (afterStore ? 1 : 2), "sent again only when it was not there")
        }
    }

    @Test("a server that cannot be reached (name not resolved, connection refused): nothing was sent, so it is retried — never unknown, and the post stays editable",
          arguments: ["http://herald-no-such-host.invalid", "http://127.0.0.1:1"])
    func unreachable(instance: String) async throws {
        try await Self.withWorld { world in
            let channel = try #require(try await SocialChannel.query(on: world.db).first())
            let credential = ChannelCredential(accessToken: world.emulator.token, instanceURL: instance).encoded
            channel.sealedCredentials = try PublisherTests.box.seal(Data(credential.utf8), context: SocialChannel.credentialContext(
                workspaceID: world.workspaceID, channelID: try channel.requireID()))
            try await channel.save(on: world.db)
            try await Scheduler.tick(now: JobQueueTests.t0, on: world.db)
            try await world.publisher().runOnce(now: JobQueueTests.t0, on: world.db)
            let publication = try await world.publication()
            #expect(publication.kind == .scheduled && publication.problem == .willRetry, "\(publication.stateName) \(publication.problemName ?? "")")
            #expect(publication.platformMessage?.contains("Optional") == false && publication.platformMessage?.contains("Error(") == false,
                    "said in words: \(publication.platformMessage ?? "")")
            // Nothing is in flight: the post can still change.
            try await DuePublications.withdraw(postID: world.postID, on: world.db)
            #expect(world.emulator.requests == 0)
        }
    }

    @Test("the first comment goes out as a reply after the post; lost in a timeout, it is found in the status's context, never sent twice",
          arguments: [true, false])
    func firstComment(honoursIdempotencyKey: Bool) async throws {
        try await Self.withWorld(honoursIdempotencyKey: honoursIdempotencyKey) { world in
            let target = try #require(try await PostTarget.query(on: world.db).first())
            target.firstComment = "Подробности: https://shop.example/autumn"
            try await target.save(on: world.db)
            // 3 s only where an answer is held back on purpose; the usual time elsewhere.
            let publisher = world.publisher(), impatient = world.publisher(timeout: .seconds(3))
            let steps = StepPublisher(queue: publisher.queue, box: publisher.box, platform: publisher.platform)
            try await Scheduler.tick(now: JobQueueTests.t0, on: world.db)
            try await publisher.runOnce(now: JobQueueTests.t0, on: world.db)
            let status = try #require(world.emulator.posted.first)
            // The reply's answer is lost after the server stored it.
            world.emulator.inject(.timeoutAfterStore(seconds: 8))
            try await StepPublisher(queue: impatient.queue, box: impatient.box, platform: impatient.platform)
                .runOnce(now: JobQueueTests.t0, on: world.db)
            let lost = try #require(try await PublicationStep.query(on: world.db).first())
            #expect(lost.stateName == "unknown" && lost.problem == .noAnswer)
            try await steps.runOnce(now: JobQueueTests.t0.addingTimeInterval(600), on: world.db)
            let step = try #require(try await PublicationStep.query(on: world.db).first())
            #expect(step.stateName == "published", "\(step.problemName ?? "") \(step.platformMessage ?? "")")
            let replies = world.emulator.posted.filter { $0.inReplyToID == status.id }
            #expect(replies.count == 1, "exactly one reply")
            #expect(replies.first?.text == "Подробности: https://shop.example/autumn")
            #expect(step.remoteID == replies.first?.id && step.resolution?.hasPrefix("found reply") == true)
            #expect(world.emulator.posted.count == 2)
        }
    }

    @Test("a burst: each batch sends a few posts at a time, batches send side by side, every post goes out once")
    func burst() async throws {
        try await Self.withWorld { world in
            let target = try #require(try await PostTarget.query(on: world.db).first())
            for index in 1..<40 {
                let post = Post(workspaceID: world.workspaceID, authorID: nil, text: "Статус \(index)")
                post.statusName = "scheduled"
                post.scheduledAt = JobQueueTests.t0
                try await post.create(on: world.db)
                try await PostTarget(workspaceID: world.workspaceID, postID: try post.requireID(), channelID: target.$channel.id, text: nil,
                                     firstComment: nil, link: nil).create(on: world.db)
            }
            world.emulator.latency = .milliseconds(30)
            var publisher = world.publisher()
            publisher.sendConcurrency = 3
            #expect(try await Scheduler.tick(now: JobQueueTests.t0, on: world.db) == 40)
            let first = try #require(try await publisher.prepare(limit: 20, now: JobQueueTests.t0, on: world.db))
            let second = try #require(try await publisher.prepare(limit: 20, now: JobQueueTests.t0, on: world.db))
            async let one: Void = publisher.finish(first, on: world.db)
            async let two: Void = publisher.finish(second, on: world.db)
            _ = try await (one, two)
            #expect(world.emulator.posted.count == 40)
            #expect(Set(world.emulator.posted.compactMap(\.idempotencyKey)).count == 40)
            #expect(world.emulator.peakConcurrentRequests <= 6, "3 at a time per batch, two batches")
            #expect(world.emulator.peakConcurrentRequests > 3, "the two batches sent side by side")
            // Which states the others ended in, and why, if a loaded run records fewer than 40 published.
            let others = try await PublicationRecord.query(on: world.db).filter(\.$stateName != "published").all()
                .map { "\($0.stateName): \($0.platformMessage ?? "")" }
            #expect(others.isEmpty, "\(others)")
            #expect(try await PublicationRecord.query(on: world.db).filter(\.$stateName == "published").count() == 40)
            #expect(try await Post.query(on: world.db).filter(\.$statusName == "published").count() == 40)
        }
    }

    @Test("images are uploaded with their alt text, in order, and the status carries them")
    func images() async throws {
        try await Self.withWorld(text: "С картинками") { world in
            let card = Array(PNGCard.make(width: 64, height: 64, colours: ((0, 0, 0), (255, 255, 255))))
            try await world.attach("card.png", format: .png, bytes: card, alt: "Полосатая карточка")
            try await world.attach("photo.jpg", format: .jpeg, bytes: MediaFixtures.jpeg(800, 600), alt: "Фото")
            try await Scheduler.tick(now: JobQueueTests.t0, on: world.db)
            try await world.publisher().runOnce(now: JobQueueTests.t0, on: world.db)
            let publication = try await world.publication()
            #expect(publication.stateName == "published", "\(publication.platformMessage ?? "")")
            let uploads = world.emulator.uploads
            #expect(uploads.map(\.mimeType) == ["image/png", "image/jpeg"])
            #expect(uploads.map(\.description) == ["Полосатая карточка", "Фото"])
            #expect(uploads.map(\.fileName) == ["card.png", "photo.jpg"])
            #expect(uploads.first?.bytes == card.count, "the whole file arrived")
            #expect(world.emulator.posted.first?.mediaIDs == uploads.map(\.id))
        }
    }

    @Test("a video Mastodon processes in the background (202) is waited for before the status goes out")
    func video() async throws {
        try await Self.withWorld(text: "С видео") { world in
            try await world.attach("clip.mp4", format: .mp4, bytes: MediaFixtures.mp4(640, 360, seconds: 5), alt: "Короткое видео")
            try await Scheduler.tick(now: JobQueueTests.t0, on: world.db)
            try await world.publisher().runOnce(now: JobQueueTests.t0, on: world.db)
            let publication = try await world.publication()
            #expect(publication.stateName == "published", "\(publication.platformMessage ?? "")")
            #expect(world.emulator.uploads.map(\.mimeType) == ["video/mp4"])
            #expect(world.emulator.uploads.first?.ready == true)
            #expect(world.emulator.posted.first?.mediaIDs == world.emulator.uploads.map(\.id))
        }
    }

    @Test("a library file missing from disk fails the publication visibly, without a status")
    func missingFile() async throws {
        try await Self.withWorld { world in
            try await world.attach("gone.png", format: .png, bytes: Array(PNGCard.make(width: 8, height: 8, colours: ((0, 0, 0), (9, 9, 9)))),
                                   alt: "")
            try FileManager.default.removeItem(atPath: world.dataDirectory)
            try await Scheduler.tick(now: JobQueueTests.t0, on: world.db)
            try await world.publisher().runOnce(now: JobQueueTests.t0, on: world.db)
            let publication = try await world.publication()
            #expect(publication.stateName == "failed" && publication.problem == .rejected && publication.platformMessage?.contains("missing from the media library") == true)
            #expect(world.emulator.posted.isEmpty)
        }
    }
}
