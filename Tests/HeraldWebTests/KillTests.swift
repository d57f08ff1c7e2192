import HeraldApp
import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldEmulators
import HeraldStore
import HeraldTestSupport
import NIOCore
import Testing

@Suite("Crash safety (real processes)")
struct KillTests {
    /// Connecting the channel is set-up, not what is tested: on a two-core machine running the
    /// whole suite at once, an answer through the proxy took longer than a connector's 20 s.
    static let setupTimeout: TimeAmount = .seconds(90)

    /// Starts a worker, kills it with SIGKILL once `sent()` reaches a third of `posts`, checks the
    /// platform then holds some but not all (`stored()`), starts another worker and waits until
    /// `posts` publications are in one of `settled`. Answers how many are.
    static func killAndRestart(_ install: InstallFixture, posts: Int, sent: () -> Int, stored: () async throws -> Int,
                               settled: [String] = ["published"]) async throws -> Int {
        let first = try HeraldProcess.start(["worker"], environment: install.environment)
        do {
            for _ in 0..<400 where sent() < posts / 3 { try await Task.sleep(for: .milliseconds(25)) }
        } catch {
            kill(first.0.processIdentifier, SIGKILL)  // never leave a worker running behind a failed test
            throw error
        }
        kill(first.0.processIdentifier, SIGKILL)
        _ = await HeraldProcess.finish(first)
        let atKill = try await stored()
        #expect(atKill > 0 && atKill < posts, "killed mid-burst (\(atKill) of \(posts))")

        let second = try HeraldProcess.start(["worker"], environment: install.environment)
        var done = 0
        do {
            for _ in 0..<600 where done < posts {
                try await Task.sleep(for: .milliseconds(50))
                done = try await PublicationRecord.query(on: install.db).filter(\.$stateName ~~ settled).count()
            }
        } catch {
            kill(second.0.processIdentifier, SIGKILL)
            throw error
        }
        kill(second.0.processIdentifier, SIGTERM)
        let (status, output) = await HeraldProcess.finish(second)
        #expect(status == 0, "\(output.suffix(500))")
        return done
    }
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
        let channel = try await install.channel(.mastodon, credential: ChannelCredential(accessToken: emulator.token,
                                                                                            instanceURL: emulator.baseURL))
        let due = Date().addingTimeInterval(-1)
        for index in 0..<posts { try await install.duePost("Пост номер \(index)", channel: channel, due: due) }

        // Let it get well into the burst, then kill it without warning.
        let done = try await Self.killAndRestart(install, posts: posts, sent: { emulator.posted.count }, stored: { emulator.posted.count })
        #expect(done == posts, "all publications published")
        let statuses = emulator.posted
        #expect(statuses.count == posts, "exactly one status per post at the server (\(statuses.count))")
        #expect(Set(statuses.map(\.text)).count == posts, "no post twice, none lost")
        #expect(Set(statuses.compactMap(\.idempotencyKey)).count == posts)

        await emulator.stop()
        await install.close()
    }

    /// The same against the real third-party Bluesky PDS, which has no idempotency cache at all:
    /// only the record key derived from each publication (read back after the restart) keeps a
    /// post from going out twice.
    @Test("SIGKILL mid-burst against the real Bluesky PDS, restart: each post on the PDS exactly once",
          .enabled(if: BlueskyPeer.url != nil, "HERALD_TEST_BLUESKY_PDS is not set (scripts/test starts the PDS)"))
    func killMidBurstBluesky() async throws {
        try #require(HeraldProcess.isBuilt, "run `swift build` first")
        let posts = 40
        let pds = try #require(BlueskyPeer.url)
        let reader = BlueskyPeer.Reader(service: pds)
        let tag = UUID().uuidString.prefix(8)
        func onPDS() async throws -> [String] {
            try await reader.posts().compactMap { $0["value"]?["text"]?.stringValue }.filter { $0.hasSuffix("· \(tag)") }
        }
        // The worker reaches the PDS through a proxy that answers 60 ms late, so the burst lasts
        // long enough to be killed in the middle; the proxy also counts the creates sent.
        let proxy = LossyProxy(upstream: pds)
        proxy.latency = .milliseconds(60)
        try await proxy.start()
        do {
            try await Self.burstThroughProxy(proxy, pds: pds, posts: posts, tag: String(tag), onPDS: onPDS)
        } catch {
            await proxy.stop()  // what went wrong is reported, rather than the proxy left running
            throw error
        }
        await proxy.stop()
    }

    static func burstThroughProxy(_ proxy: LossyProxy, pds: String, posts: Int, tag: String, onPDS: @escaping () async throws -> [String])
        async throws
    {
        let credential = try await BlueskyPeer.platform(timeout: Self.setupTimeout)
            .connect(identifier: "alice.test", appPassword: BlueskyPeer.password, service: proxy.baseURL)
        let install = try await InstallFixture.make(extraEnvironment: ["HERALD_WORKER_POLL_MS": "20", "HERALD_JOB_LEASE_SECONDS": "2"])
        let channel = try await install.channel(.bluesky, credential: credential)
        let due = Date().addingTimeInterval(-1)
        for index in 0..<posts { try await install.duePost("Пост номер \(index) · \(tag)", channel: channel, due: due) }
        func creates() -> Int { proxy.requests.filter { $0.hasSuffix("com.atproto.repo.createRecord") }.count }

        let done = try await Self.killAndRestart(install, posts: posts, sent: creates, stored: { try await onPDS().count })
        #expect(done == posts, "all publications published")
        let texts = try await onPDS()
        #expect(texts.count == posts, "exactly one post per publication on the PDS (\(texts.count))")
        #expect(Set(texts).count == posts, "no post twice, none lost")
        let remote = try await PublicationRecord.query(on: install.db).all().compactMap(\.remoteID)
        #expect(Set(remote).count == posts && remote.allSatisfy { $0.hasPrefix("at://did:web:alice.test/app.bsky.feed.post/") })
        await install.close()
    }

    /// The same against Telegram, which has no idempotency and cannot be read: what was in flight
    /// when the worker died is left to a person, never sent again by the next worker — and that
    /// is one post, not the batch (posts to such platforms are marked and recorded one by one).
    @Test("SIGKILL mid-burst against the Telegram emulator, restart: nothing twice, nothing lost, the in-flight ones ask a person")
    func killMidBurstTelegram() async throws {
        try #require(HeraldProcess.isBuilt, "run `swift build` first")
        let posts = 60
        let telegram = TelegramEmulator()
        try await telegram.start()
        let proxy = LossyProxy(upstream: telegram.baseURL)
        proxy.latency = .milliseconds(40)
        try await proxy.start()
        let credential = try await TelegramPlatform(client: BlueskyPeer.client, timeout: Self.setupTimeout).connect(token: telegram.token, chat: "@herald_demo",
                                                                                      server: proxy.baseURL)
        let install = try await InstallFixture.make(extraEnvironment: ["HERALD_WORKER_POLL_MS": "20", "HERALD_JOB_LEASE_SECONDS": "2"])
        let channel = try await install.channel(.telegram, credential: credential)
        // Telegram's budget is 20 a minute per channel; the burst needs more.
        try await install.setBudget(channel: channel, count: 10_000, seconds: 60)
        let due = Date().addingTimeInterval(-1)
        for index in 0..<posts { try await install.duePost("Сообщение \(index)", channel: channel, due: due) }
        func sends() -> Int { proxy.requests.filter { $0.hasSuffix("/sendMessage") }.count }

        let settled = try await Self.killAndRestart(install, posts: posts, sent: sends, stored: { telegram.sent.count },
                                                    settled: ["published", "unknown"])
        let publications = try await PublicationRecord.query(on: install.db).all()
        #expect(settled == posts, "every publication is published or waits for a person, none lost or failed")
        let texts = telegram.sent.map(\.text)
        #expect(Set(texts).count == texts.count, "no message twice (\(texts.count) messages)")
        let asking = publications.filter { $0.kind == .unknown }
        #expect(asking.allSatisfy { $0.problem == .askPerson }, "an unknown outcome on Telegram asks a person")
        // Marked one at a time and written durably as answers come: at most the one in flight.
        #expect(asking.count <= 1, "only what was in flight at the kill (\(asking.count))")
        let published = publications.filter { $0.kind == .published }
        #expect(published.count + asking.count == posts)
        let sentIDs = Set(telegram.sent.map { "\($0.chatID):\($0.id)" })
        #expect(published.allSatisfy { $0.remoteID.map(sentIDs.contains) == true }, "each published one is a message at Telegram")
        #expect(texts.count >= published.count && texts.count <= published.count + asking.count)
        await install.close()
        await proxy.stop()
        await telegram.stop()
    }

    /// The same against the VK emulator with its guid memory switched off (VK forgets guids soon):
    /// only reading the wall after the restart keeps a post from going out twice.
    @Test("SIGKILL mid-burst against the VK emulator that forgets guids, restart: each post on the wall exactly once")
    func killMidBurstVK() async throws {
        try #require(HeraldProcess.isBuilt, "run `swift build` first")
        let posts = 60
        let vk = VKEmulator()
        vk.remembersGuid = false
        try await vk.start()
        let proxy = LossyProxy(upstream: vk.baseURL)
        proxy.latency = .milliseconds(40)
        try await proxy.start()
        let credential = try await VKPlatform(client: BlueskyPeer.client, timeout: Self.setupTimeout).connect(token: vk.token, community: "herald_vk", server: proxy.baseURL)
        let install = try await InstallFixture.make(extraEnvironment: ["HERALD_WORKER_POLL_MS": "20", "HERALD_JOB_LEASE_SECONDS": "2"])
        let channel = try await install.channel(.vk, credential: credential)
        try await install.setBudget(channel: channel, count: 10_000, seconds: 60)
        let due = Date().addingTimeInterval(-1)
        for index in 0..<posts { try await install.duePost("Запись номер \(index)", channel: channel, due: due) }
        func sends() -> Int { proxy.requests.filter { $0.hasSuffix("/wall.post") }.count }

        let done = try await Self.killAndRestart(install, posts: posts, sent: sends, stored: { vk.wall.count })
        #expect(done == posts, "all publications published")
        let texts = vk.wall.map(\.text)
        #expect(texts.count == posts && Set(texts).count == posts, "exactly one wall post per publication (\(texts.count))")
        let remote = try await PublicationRecord.query(on: install.db).all().compactMap(\.remoteID)
        #expect(Set(remote) == Set(vk.wall.map { "-218000111_\($0.id)" }))
        await install.close()
        await proxy.stop()
        await vk.stop()
    }
}
