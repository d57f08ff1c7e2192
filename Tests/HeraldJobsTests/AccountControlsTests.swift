import AsyncHTTPClient
import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor

/// Each account is treated on its own: a 429 pauses that account only, a rate budget holds back
/// what would exceed it, a refused credential marks the channel for reconnecting, a paused channel
/// holds its posts. Outcomes reach the post (published everywhere) and the workspace's webhook.
@Suite("Accounts, budgets and outcomes")
struct AccountControlsTests {
    static let t0 = JobQueueTests.t0
    static let box = PublisherTests.box

    struct Setup {
        let world: PublisherTests.World
        let workspaceID: UUID
        var db: any Database { world.db }

        /// A Sandbox channel whose credential is `token`, with `posts` posts due at t0.
        @discardableResult
        func channel(_ name: String, token: String, posts: Int, budget: RateBudget? = nil, state: ChannelState = .active)
            async throws -> UUID
        {
            let id = UUID()
            let channel = SocialChannel(id: id, workspaceID: workspaceID, platform: .sandbox, name: name,
                                        sealedCredentials: try box.seal(Data(token.utf8), context: SocialChannel.credentialContext(
                                            workspaceID: workspaceID, channelID: id)))
            channel.budgetCount = budget?.count
            channel.budgetSeconds = budget?.seconds
            channel.stateName = state.rawValue
            try await channel.create(on: db)
            for index in 0..<posts {
                let post = Post(workspaceID: workspaceID, authorID: nil, text: "\(name) post \(index)")
                post.statusName = PostStatus.scheduled.rawValue
                post.scheduledAt = AccountControlsTests.t0
                try await post.create(on: db)
                try await PostTarget(workspaceID: workspaceID, postID: try post.requireID(), channelID: id, text: nil, firstComment: nil,
                                     link: nil).create(on: db)
            }
            return id
        }

        func publications(of channel: UUID) async throws -> [PublicationRecord] {
            try await PublicationRecord.query(on: db).filter(\.$channel.$id == channel).all()
        }

        func run(at offset: TimeInterval) async throws {
            try await Scheduler.tick(now: AccountControlsTests.t0.addingTimeInterval(offset), on: db)
            try await world.publisher("w1").runOnce(limit: 50, now: AccountControlsTests.t0.addingTimeInterval(offset), on: db)
        }
    }

    /// The Sandbox world of PublisherTests without its post: channels come from `Setup.channel`.
    static func setup() async throws -> Setup {
        let world = try await PublisherTests.world()
        let db = world.db
        try await PostTarget.query(on: db).delete()
        try await Post.query(on: db).delete()
        try await SocialChannel.query(on: db).delete()
        let workspaceID = try #require(try await Workspace.query(on: db).first()?.requireID())
        return Setup(world: world, workspaceID: workspaceID)
    }

    @Test("a 429 pauses only the account that got it; its next post waits without spending an attempt")
    func rateLimitPausesOneAccount() async throws {
        let setup = try await Self.setup()
        let a = try await setup.channel("A", token: "token-a", posts: 2)
        let b = try await setup.channel("B", token: "token-b", posts: 2)
        await setup.world.sandbox.inject(.rateLimited(seconds: 120), credential: "token-a")
        try await setup.run(at: 0)
        #expect(try await setup.publications(of: b).allSatisfy { $0.stateName == "published" }, "the other account goes on")
        let pausedUntil = try await SocialChannel.find(a, on: setup.db)?.ratePausedUntil
        #expect(pausedUntil == Self.t0.addingTimeInterval(120))
        let requestsBefore = await setup.world.sandbox.requests
        try await setup.run(at: 60)
        #expect(await setup.world.sandbox.requests == requestsBefore, "nothing is sent to a paused account")
        try await setup.run(at: 121)
        #expect(try await setup.publications(of: a).allSatisfy { $0.stateName == "published" })
        let jobs = try await (setup.db as! any SQLDatabase).raw("SELECT attempts FROM jobs").all()
        #expect(try jobs.map { try $0.decode(column: "attempts", as: Int.self) }.max() ?? 0 <= 2,
                "a postponed job has not used up attempts")
        await setup.world.close()
    }

    @Test("a rate budget holds back what would exceed it until the window frees a slot")
    func budget() async throws {
        let setup = try await Self.setup()
        let channel = try await setup.channel("Budget", token: "token", posts: 3, budget: RateBudget(count: 2, seconds: 3600))
        try await setup.run(at: 0)
        var states = try await setup.publications(of: channel).map(\.stateName).sorted()
        #expect(states == ["published", "published", "scheduled"])
        try await setup.run(at: 1800)
        states = try await setup.publications(of: channel).map(\.stateName).sorted()
        #expect(states == ["published", "published", "scheduled"], "still inside the window")
        try await setup.run(at: 3601)
        states = try await setup.publications(of: channel).map(\.stateName)
        #expect(states.allSatisfy { $0 == "published" })
        await setup.world.close()
    }

    @Test("a refused credential marks the channel for reconnecting; its posts fail saying so, without more requests")
    func reconnect() async throws {
        let setup = try await Self.setup()
        let channel = try await setup.channel("Revoked", token: "token-r", posts: 1)
        await setup.world.sandbox.inject(.unauthorized, credential: "token-r")
        try await setup.run(at: 0)
        let stored = try #require(try await SocialChannel.find(channel, on: setup.db))
        #expect(stored.state == .needsReconnect && stored.stateReason?.contains("revoked") == true)
        let failed = try #require(try await setup.publications(of: channel).first)
        #expect(failed.stateName == "failed" && failed.problem == .needsReconnect && failed.platformMessage?.contains("revoked") == true)

        // Another post for the same channel: failed visibly, nothing sent.
        let post = Post(workspaceID: setup.workspaceID, authorID: nil, text: "later")
        post.statusName = PostStatus.scheduled.rawValue
        post.scheduledAt = Self.t0.addingTimeInterval(60)
        try await post.create(on: setup.db)
        try await PostTarget(workspaceID: setup.workspaceID, postID: try post.requireID(), channelID: channel, text: nil,
                             firstComment: nil, link: nil).create(on: setup.db)
        let requests = await setup.world.sandbox.requests
        try await setup.run(at: 60)
        #expect(await setup.world.sandbox.requests == requests)
        #expect(try await setup.publications(of: channel).allSatisfy { $0.stateName == "failed" })
        await setup.world.close()
    }

    @Test("a paused channel holds its posts; a post published on every channel becomes 'published'")
    func pausedAndPublished() async throws {
        let setup = try await Self.setup()
        let paused = try await setup.channel("Paused", token: "token-p", posts: 1, state: .paused)
        let active = try await setup.channel("Active", token: "token", posts: 1)
        try await setup.run(at: 0)
        #expect(try await setup.publications(of: paused).first?.stateName == "scheduled")
        #expect(try await setup.publications(of: active).first?.stateName == "published")
        let statuses = try await Post.query(on: setup.db).all().map(\.status)
        #expect(statuses.filter { $0 == .published }.count == 1 && statuses.filter { $0 == .scheduled }.count == 1)
        await setup.world.close()
    }

    @Test("published and failed outcomes are delivered to the workspace webhook, signed; a refused delivery is retried")
    func webhooks() async throws {
        let setup = try await Self.setup()
        let workspace = try #require(try await Workspace.find(setup.workspaceID, on: setup.db))
        let receiver = try await WebhookReceiver.start()
        let secret = WebhookSignature.newSecret()
        workspace.webhookURL = receiver.url
        workspace.sealedWebhookSecret = try Self.box.seal(Data(secret.utf8),
                                                          context: Workspace.webhookSecretContext(workspaceID: setup.workspaceID))
        try await workspace.save(on: setup.db)
        try await setup.channel("Good", token: "token", posts: 1)
        try await setup.channel("Bad", token: "token-bad", posts: 1)
        await setup.world.sandbox.inject(.refuse(retryable: false), credential: "token-bad")
        try await setup.run(at: 0)

        receiver.refuseNext = true
        let client = HTTPClient.shared
        let queue = setup.world.publisher("w1").queue
        #expect(try await Webhooks.deliver(queue: queue, box: Self.box, client: client, now: Self.t0, on: setup.db) == 2)
        #expect(receiver.received.count == 2, "both delivered once; the receiver refused one with 500")
        try await Webhooks.deliver(queue: queue, box: Self.box, client: client, now: Self.t0.addingTimeInterval(3600), on: setup.db)
        await receiver.stop()

        let deliveries = receiver.received
        #expect(deliveries.count == 3)
        let types = Set(deliveries.compactMap { (try? JSONSerialization.jsonObject(with: $0.body)) as? [String: Any] }
            .compactMap { $0["type"] as? String })
        #expect(types == [WebhookEvent.published, WebhookEvent.failed])
        for delivery in deliveries {
            #expect(WebhookSignature.verify(header: delivery.signature, body: delivery.body, secret: secret))
            #expect(!WebhookSignature.verify(header: delivery.signature, body: delivery.body + Data("x".utf8), secret: secret))
            #expect(!WebhookSignature.verify(header: delivery.signature, body: delivery.body, secret: "other"))
        }
        await setup.world.close()
    }
}

/// A loopback HTTP server that records webhook deliveries (and can refuse the next one).
final class WebhookReceiver: Sendable {
    struct Delivery: Sendable {
        var body: Data
        var signature: String
    }

    private let app: Application
    let url: String
    private let state = NIOLockedValueBox((received: [Delivery](), refuseNext: false))

    var received: [Delivery] { state.withLockedValue { $0.received } }
    var refuseNext: Bool {
        get { state.withLockedValue { $0.refuseNext } }
        set { state.withLockedValue { $0.refuseNext = newValue } }
    }

    private init(app: Application, url: String) {
        self.app = app
        self.url = url
    }

    static func start() async throws -> WebhookReceiver {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .error
        let box = NIOLockedValueBox<WebhookReceiver?>(nil)
        app.on(.POST, "hook", body: .collect(maxSize: "1mb")) { req -> HTTPStatus in
            guard let receiver = box.withLockedValue({ $0 }) else { return .serviceUnavailable }
            let body = req.body.data.map { Data(buffer: $0) } ?? Data()
            let signature = req.headers.first(name: WebhookSignature.header) ?? ""
            return receiver.state.withLockedValue { state in
                if state.refuseNext {
                    state.refuseNext = false
                    state.received.append(Delivery(body: body, signature: signature))
                    return .internalServerError
                }
                state.received.append(Delivery(body: body, signature: signature))
                return .noContent
            }
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try #require(app.http.server.shared.localAddress?.port)
        let receiver = WebhookReceiver(app: app, url: "http://127.0.0.1:\(port)/hook")
        box.withLockedValue { $0 = receiver }
        return receiver
    }

    func stop() async {
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }
}
