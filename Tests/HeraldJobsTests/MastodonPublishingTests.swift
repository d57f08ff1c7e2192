import AsyncHTTPClient
import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldEmulators
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import Testing

@Suite("Publishing to a Mastodon server (emulated, real HTTP)")
struct MastodonPublishingTests {
    @Test("the server stores the status but the answer times out: the engine reconciles and never posts twice")
    func timeoutAfterStore() async throws {
        let emulator = MastodonEmulator()
        try await emulator.start()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let (database, pools) = try await JobQueueTests.database()
        let pool = try pools()
        let db = JobQueueTests.db(pool)
        let box = PublisherTests.box
        let organization = Organization(name: "Agency")
        try await organization.create(on: db)
        let workspace = Workspace(organizationID: try organization.requireID(), name: "Acme", timeZone: .utc, language: .en)
        try await workspace.create(on: db)
        let channelID = UUID()
        let credential = ChannelCredential(accessToken: emulator.token, instanceURL: emulator.baseURL).encoded
        try await SocialChannel(id: channelID, workspaceID: try workspace.requireID(), platform: .mastodon, name: "Fedi",
                                sealedCredentials: try box.seal(Data(credential.utf8), context: SocialChannel.credentialContext(
                                    workspaceID: try workspace.requireID(), channelID: channelID))).create(on: db)
        let post = Post(workspaceID: try workspace.requireID(), authorID: nil, text: "Статус через эмулятор")
        post.statusName = "scheduled"
        post.scheduledAt = JobQueueTests.t0
        try await post.create(on: db)
        try await PostTarget(workspaceID: try workspace.requireID(), postID: try post.requireID(), channelID: channelID, text: nil,
                             firstComment: nil, link: nil).create(on: db)

        let mastodon = MastodonPlatform(client: client, timeout: .seconds(1))
        let publisher = Publisher(queue: JobQueue(owner: "w1", leaseSeconds: 30), box: box, platform: { $0 == .mastodon ? mastodon : nil })
        emulator.inject(.timeoutAfterStore(seconds: 4))
        try await Scheduler.tick(now: JobQueueTests.t0, on: db)
        try await publisher.runOnce(now: JobQueueTests.t0, on: db)
        #expect(try await PublicationRecord.query(on: db).first()?.stateName == "unknown")
        try await publisher.runOnce(now: JobQueueTests.t0.addingTimeInterval(600), on: db)
        let publication = try #require(try await PublicationRecord.query(on: db).first())
        #expect(publication.stateName == "published")
        #expect(publication.remoteID == emulator.posted.first?.id)
        #expect(emulator.posted.count == 1, "exactly one status on the server")
        #expect(emulator.posted.first?.idempotencyKey == publication.idempotencyKey)

        try await client.shutdown()
        await emulator.stop()
        await pool.shutdownAsync()
        await database.destroy()
    }
}
