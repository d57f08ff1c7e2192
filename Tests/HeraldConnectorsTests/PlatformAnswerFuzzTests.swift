import AsyncHTTPClient
import Foundation
import HeraldCore
import HeraldEmulators
import HeraldFixtures
import HeraldTestSupport
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

@testable import HeraldConnectors

/// A platform's answers are outside bytes like an upload: each connector is driven over HTTP
/// through a proxy that turns the emulator's real answers odd — values of another kind, keys
/// gone, huge and negative numbers, truncated or flipped bytes, other statuses, empty bodies.
/// Every call must end (no crash, no hang) with a value or a `PlatformError`, and what it reports
/// as done must be usable: a post's id is never empty, no count is negative.
@Suite("Odd platform answers: never a crash, a hang or a nonsense success")
struct PlatformAnswerFuzzTests {
    /// Seeded changes to an answer (one lock: the proxy answers on any thread).
    final class Mutator: Sendable {
        private let random: Mutex<SeededGenerator>
        /// Off while a test sets up (connecting, a first post) through the same proxy.
        let active = Mutex(false)

        init(seed: UInt64) { random = Mutex(SeededGenerator(seed: seed)) }

        func callAsFunction(_ path: String, _ status: HTTPResponseStatus, _ body: ByteBuffer) -> (HTTPResponseStatus, ByteBuffer) {
            guard active.withLock({ $0 }) else { return (status, body) }
            return random.withLock { random in Self.mutate(status, Array(body.readableBytesView), &random) }
        }

        static let odd: [String] = ["null", "\"\"", "0", "-1", "-9223372036854775808", "9223372036854775808", "1e308", "-0.5", "9223372036854775807", "100000000001",
                                    "true", "[]", "{}", "\"not a number\"", "[[[[[[[[[[]]]]]]]]]]", "\"\\u0000\"",
                                    "\"" + String(repeating: "я", count: 5_000) + "\"", "{\"id\":{}}", "[null]", "\"2026-13-45T99:99:99Z\""]

        static func mutate(_ status: HTTPResponseStatus, _ bytes: [UInt8], _ random: inout SeededGenerator) -> (HTTPResponseStatus, ByteBuffer) {
            var status = status, bytes = bytes
            switch Int.random(in: 0..<10, using: &random) {
            case 0...4:  // a value of the JSON replaced, or a key removed (the rest intact)
                if let json = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) {
                    for _ in 0...Int.random(in: 0...2, using: &random) {
                        bytes = Array(replacingSomeValue(in: json, &random).utf8)
                    }
                }
            case 5:  // cut short
                bytes = Array(bytes.prefix(Int.random(in: 0...max(0, bytes.count), using: &random)))
            case 6:  // bytes flipped
                for _ in 0..<Int.random(in: 1...8, using: &random) where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            case 7:  // another status, same body
                status = HTTPResponseStatus(statusCode: [200, 201, 202, 204, 301, 400, 401, 403, 404, 409, 413, 422, 429, 500, 502, 503]
                    .randomElement(using: &random)!)
            case 8:  // nothing at all
                bytes = []
            default:  // a document of another shape
                bytes = Array((odd.randomElement(using: &random)!).utf8)
            }
            return (status, ByteBuffer(bytes: bytes))
        }

        /// The document written again with one value (at any depth) replaced by an odd one, or one key dropped.
        static func replacingSomeValue(in json: Any, _ random: inout SeededGenerator) -> String {
            var paths: [[Any]] = []
            func collect(_ value: Any, _ path: [Any]) {
                paths.append(path)
                if let object = value as? [String: Any] { for (key, item) in object { collect(item, path + [key]) } }
                if let array = value as? [Any] { for (index, item) in array.enumerated() { collect(item, path + [index]) } }
            }
            collect(json, [])
            let target = paths.randomElement(using: &random) ?? []
            let replacement = odd.randomElement(using: &random)!
            let drop = Bool.random(using: &random) && target.last is String
            func write(_ value: Any, _ path: [Any]) -> String {
                if path.count == target.count, zip(path, target).allSatisfy({ "\($0)" == "\($1)" }) { return replacement }
                if let object = value as? [String: Any] {
                    let members = object.sorted { $0.key < $1.key }.compactMap { key, item -> String? in
                        let here = path + [key]
                        if drop, here.count == target.count, zip(here, target).allSatisfy({ "\($0)" == "\($1)" }) { return nil }
                        return "\(literal(key)):\(write(item, here))"
                    }
                    return "{" + members.joined(separator: ",") + "}"
                }
                if let array = value as? [Any] {
                    return "[" + array.enumerated().map { write($0.element, path + [$0.offset]) }.joined(separator: ",") + "]"
                }
                let data = (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])) ?? Data("null".utf8)
                return String(decoding: data, as: UTF8.self)
            }
            return write(json, [])
        }

        static func literal(_ text: String) -> String {
            String(decoding: (try? JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed])) ?? Data("\"\"".utf8), as: UTF8.self)
        }
    }

    /// What each call ended as.
    struct Tally: CustomStringConvertible {
        var values = 0, refusals = 0
        var description: String { "\(values) values, \(refusals) platform errors" }
    }

    /// Every capability the connector has, called `rounds` times through the odd answers.
    static func drive(_ platform: any SocialPlatform, credential: String, parsed: ChannelCredential, published: String,
                      mutator: Mutator, rounds: Int, connect: (() async throws -> ChannelCredential)? = nil) async -> Tally {
        var tally = Tally()
        func check(_ post: PublishedPost, _ what: String) {
            #expect(!post.remoteID.trimmingCharacters(in: .whitespaces).isEmpty, "\(what) reported done with an empty id")
        }
        func counts(_ values: some Sequence<Int>, _ what: String) {
            #expect(values.allSatisfy { PlatformCount.plausible.contains($0) }, "\(what) gave an impossible count")
        }
        mutator.active.withLock { $0 = true }
        defer { mutator.active.withLock { $0 = false } }
        for round in 0..<rounds {
            let request = PublishRequest(text: "Fuzz \(round)", idempotencyKey: UUID().uuidString)
            let lookup = { var copy = request; copy.lookup = PublishRequest.Lookup(sentAt: Date().addingTimeInterval(-60)); return copy }()
            var calls: [() async throws -> Void] = [
                { let post = try await platform.publish(request, credential: credential); check(post, "publish") },
                { if let post = try await platform.findPublished(lookup, credential: credential) { check(post, "findPublished") } },
                { _ = try await platform.verify(parsed) },
            ]
            if let connect {
                calls.append {
                    let connected = try await connect()
                    #expect(connected.account.map { !$0.isEmpty } ?? false, "connected to an account without an id")
                }
            }
            if let commenting = platform as? any FirstCommenting {
                let comment = CommentRequest(parentRemoteID: published, text: "Comment \(round)", idempotencyKey: UUID().uuidString)
                calls.append { let post = try await commenting.comment(comment, credential: credential); check(post, "comment") }
                let found = { var copy = comment; copy.lookup = PublishRequest.Lookup(sentAt: Date().addingTimeInterval(-60)); return copy }()
                calls.append { if let post = try await commenting.findComment(found, credential: credential) { check(post, "findComment") } }
            }
            if let insights = platform as? any Insights {
                calls.append { counts(try await insights.metrics(of: [published], credential: credential).values.flatMap(\.values), "metrics") }
                calls.append { counts(try await insights.account(credential: credential).values, "account metrics") }
            }
            if let conversations = platform as? any Conversations {
                calls.append {
                    let batch = try await conversations.conversations(since: nil, credential: credential)
                    counts(batch.counts.values.flatMap(\.values), "conversation counts")
                    for item in batch.items { #expect(!item.remoteID.isEmpty, "a conversation item without an id") }
                }
            }
            if let followers = platform as? any FollowerChecking {
                calls.append { _ = try await followers.followers(among: ["1", "2", published], credential: credential) }
            }
            if let checking = platform as? any ConversationChecking {
                calls.append { _ = try await checking.gone(among: [published], credential: credential) }
            }
            if let editing = platform as? any Editing {
                calls.append { try await editing.edit(remoteID: published, text: "Edited \(round)", credential: credential) }
            }
            for call in calls {
                do {
                    try await call()
                    tally.values += 1
                } catch is PlatformError {
                    tally.refusals += 1
                } catch {
                    Issue.record("not a PlatformError: \(String(reflecting: error))")
                }
            }
        }
        return tally
    }

    /// What a test started, stopped however the test ends: a server left running after a failed
    /// test would answer later requests (the client's retries) from a freed object.
    final class Started: @unchecked Sendable {
        private var stops: [() async -> Void] = []
        func add(_ stop: @escaping () async -> Void) { stops.append(stop) }
        func stopAll() async { for stop in stops.reversed() { await stop() } }
    }

    static func cleaning(_ body: (Started) async throws -> Void) async throws {
        let started = Started()
        do { try await body(started) } catch {
            await started.stopAll()
            throw error
        }
        await started.stopAll()
    }

    /// `HERALD_FUZZ_SEED` explores other answers (the suite runs the fixed seeds).
    static func proxied(_ upstream: String, seed: UInt64, _ started: Started) async throws -> (LossyProxy, Mutator) {
        let proxy = LossyProxy(upstream: upstream)
        let extra = ProcessInfo.processInfo.environment["HERALD_FUZZ_SEED"].flatMap(UInt64.init) ?? 0
        let mutator = Mutator(seed: seed &+ extra)
        proxy.rewrite = { mutator($0, $1, $2) }
        try await proxy.start()
        started.add { await proxy.stop() }
        return (proxy, mutator)
    }

    static let rounds = 120
    // The connectors' deadline here is a minute: the proxy answers at once, so only a test runner
    // busy with other suites' work makes a call slow, and that must not fail these tests' setup.

    /// A first post while the answers are still plain, then `rounds` of odd answers.
    static func fuzz(_ platform: any SocialPlatform, _ parsed: ChannelCredential, _ mutator: Mutator, rounds: Int = rounds,
                     connect: (() async throws -> ChannelCredential)? = nil) async throws {
        let credential = parsed.encoded
        let published = try await platform.publish(PublishRequest(text: "First \(UUID().uuidString.prefix(8))", idempotencyKey: UUID().uuidString),
                                                   credential: credential)
        let tally = await drive(platform, credential: credential, parsed: parsed, published: published.remoteID, mutator: mutator, rounds: rounds,
                                connect: connect)
        #expect(tally.values > 0 && tally.refusals > 0, "\(tally)")
    }

    @Test("impossible counts are left out, never stored or added up: Int.max likes, a sum of reactions that would overflow")
    func impossibleCounts() async throws {
        try await Self.cleaning { started in
            let emulator = MastodonEmulator()
            try await emulator.start()
            started.add { await emulator.stop() }
            let proxy = LossyProxy(upstream: emulator.baseURL)
            let huge = Mutex(false)
            proxy.rewrite = { _, status, body in
                guard huge.withLock({ $0 }) else { return (status, body) }
                let text = String(buffer: body).replacingOccurrences(of: #""favourites_count":\d+"#, with: #""favourites_count":9223372036854775807"#,
                                                                     options: .regularExpression)
                    .replacingOccurrences(of: #""followers_count":\d+"#, with: #""followers_count":-3"#, options: .regularExpression)
                return (status, ByteBuffer(string: text))
            }
            try await proxy.start()
            started.add { await proxy.stop() }
            let platform = MastodonPlatform(client: BlueskyPeer.client, timeout: .seconds(60))
            let credential = ChannelCredential(accessToken: emulator.token, instanceURL: proxy.baseURL).encoded
            let post = try await platform.publish(PublishRequest(text: "Counted", idempotencyKey: UUID().uuidString), credential: credential)
            huge.withLock { $0 = true }
            let numbers = try await platform.metrics(of: [post.remoteID], credential: credential)[post.remoteID]
            #expect(numbers?[.likes] == nil && numbers?[.reposts] == 0, "\(String(describing: numbers))")
            let account = try await platform.account(credential: credential)
            #expect(account[.followers] == nil && account[.posts] != nil, "\(account)")

            // Telegram's reactions are added up: each within reason first, so the sum cannot trap.
            let chat = -1_001_234_567_890
            let reactions: JSONValue = ["chat": ["id": .int(chat)], "message_id": 7,
                                        "reactions": [["total_count": .int(Int.max)], ["total_count": .int(Int.max)], ["total_count": 4]]]
            #expect(TelegramPlatform.reactions(reactions, accounts: [String(chat)])?.total == 4)
            let plain: JSONValue = ["chat": ["id": .int(chat)], "message_id": 7, "reactions": [["total_count": 2], ["total_count": 3]]]
            #expect(TelegramPlatform.reactions(plain, accounts: [String(chat)])?.total == 5)
        }
    }

    @Test("HTML from platforms and linked pages (statuses, link cards, character references): 10,000 seeded documents, never a crash, text bounded")
    func htmlReaders() async {
        var random = SeededGenerator(seed: 20261211)
        let pieces = ["<p>", "</p>", "<br>", "<br />", "<a href=\"https://x.example/a?b=1&amp;c\">", "</a>", "<span class=\"invisible\">",
                      "</span>", "&amp;", "&lt;", "&#x1F600;", "&#128512;", "&#xD800;", "&#99999999999;", "&#x;", "&#;", "&", ";", "&nbsp;",
                      "<title>", "</title>", "<meta property=\"og:title\" content=\"", "<meta name=\"description\" content=\"",
                      "\">", "<meta property=\"og:image\" content=\"/i.png\">", "<head>", "</head>", "<", ">", "\"", "'", "Привет",
                      "👩‍👩‍👧", "\u{0}", "\n", " ", String(repeating: "x", count: 300), "<!--", "-->", "<script>", "</script>"]
        for round in 0..<10_000 {
            // A long computation on the test runner's two shared threads: let other tests' servers answer meanwhile.
            if round.isMultiple(of: 200) { await Task.yield() }
            let html = (0..<Int.random(in: 0...40, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            _ = HTMLEntities.decode(html)
            _ = MastodonText.readable(fromHTML: html)
            _ = MastodonText.plain(fromHTML: html)
            let card = BlueskyLinkCard.parse(html, base: URL(string: "https://site.example/page"))
            #expect(card.title.count <= 300 && card.description.count <= 1000)
        }
    }

    @Test("a platform's dates, as seconds or as text, are taken between 2000 and tomorrow, else as the time they were read")
    func impossibleDates() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(PlatformHTTP.date(epochSeconds: 1_700_000_000, now: now) == Date(timeIntervalSince1970: 1_700_000_000))
        for odd in [Int.max, Int.min, -1, 0, 946_684_799, 1_800_000_000 + 86_401, nil] {
            #expect(PlatformHTTP.date(epochSeconds: odd, now: now) == now, "\(String(describing: odd))")
        }
        // Written as text (Mastodon's created_at, Bluesky's createdAt/indexedAt/sentAt): read as
        // written, kept by the same rule.
        let today = Date(), recent = today.addingTimeInterval(-3_600)
        let written = recent.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        #expect(abs(PlatformHTTP.date(MastodonResponses.date(from: written), now: today).timeIntervalSince(recent)) < 0.01)
        #expect(abs(PlatformHTTP.date(BlueskyRequests.date(from: written), now: today).timeIntervalSince(recent)) < 0.01)
        for odd in ["9999-12-31T23:59:59.999Z", "1970-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "0001-01-01T00:00:00.000Z",
                    today.addingTimeInterval(3 * 86_400).formatted(Date.ISO8601FormatStyle()), "", "yesterday"] {
            #expect(PlatformHTTP.date(MastodonResponses.date(from: odd), now: today) == today, "\(odd)")
            #expect(PlatformHTTP.date(BlueskyRequests.date(from: odd), now: today) == today, "\(odd)")
        }
    }

    @Test("a wait a platform asks for is a second to a day, whatever it wrote: Int.max, 1e300, nan, a reset centuries away")
    func impossibleWaits() async throws {
        try await Self.cleaning { started in
            func answer(_ headers: HTTPHeaders) -> PlatformHTTP.Answer { .init(status: .tooManyRequests, headers: headers, body: ByteBuffer()) }
            let day = Duration.seconds(86_400)
            #expect(answer(["Retry-After": "9223372036854775807"]).retryAfter == day)
            #expect(answer(["Retry-After": "1e300"]).retryAfter == day)
            #expect(answer(["Retry-After": "nan"]).retryAfter == nil && answer(["Retry-After": "-5"]).retryAfter == .seconds(1))
            #expect(answer(["Retry-After": "120"]).retryAfter == .seconds(120))
            #expect(BlueskyXRPC.retryAfter(answer(["ratelimit-reset": "1e300"])) == day)
            #expect(BlueskyXRPC.retryAfter(answer(["ratelimit-reset": "inf"])) == nil)
            #expect(BlueskyXRPC.retryAfter(answer(["ratelimit-reset": "-1e300"])) == .seconds(1))

            // Telegram says it in the body: through the proxy, as the connector reads it.
            let emulator = TelegramEmulator(chats: [.init(id: -1_001_234_567_890, username: "herald_demo", title: "Herald Demo")])
            try await emulator.start()
            started.add { await emulator.stop() }
            let proxy = LossyProxy(upstream: emulator.baseURL)
            enum Mode { case plain, limited, lastUpdate }
            let mode = Mutex(Mode.plain)
            proxy.rewrite = { path, status, body in
                switch mode.withLock({ $0 }) {
                case .plain: return (status, body)
                case .limited:
                    return (.tooManyRequests, ByteBuffer(string: #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 9223372036854775807","parameters":{"retry_after":9223372036854775807}}"#))
                case .lastUpdate:
                    // The largest update id there can be, carrying a comment dated beyond any calendar.
                    guard path.hasSuffix("/getUpdates") else { return (status, body) }
                    return (.ok, ByteBuffer(string: #"{"ok":true,"result":[{"update_id":9223372036854775807,"message":{"message_id":9,"date":9223372036854775807,"chat":{"id":-1001234567891,"type":"supergroup"},"from":{"id":42,"is_bot":false,"first_name":"A"},"text":"hi","reply_to_message":{"message_id":3,"chat":{"id":-1001234567891}}}}]}"#))
                }
            }
            try await proxy.start()
            started.add { await proxy.stop() }
            let platform = TelegramPlatform(client: BlueskyPeer.client, timeout: .seconds(60))
            let credential = try await platform.connect(token: emulator.token, chat: "@herald_demo", server: proxy.baseURL)
            mode.withLock { $0 = .limited }
            do {
                _ = try await platform.publish(PublishRequest(text: "Wait", idempotencyKey: UUID().uuidString), credential: credential.encoded)
                Issue.record("a refusal was taken as a post")
            } catch {
                #expect((error as? PlatformError) == .rateLimited(retryAfter: day), "\(error)")
            }
            mode.withLock { $0 = .lastUpdate }
            let batch = try await platform.conversations(since: nil, credential: credential.encoded)
            #expect(batch.items.allSatisfy { abs($0.at.timeIntervalSinceNow) < 60 }, "\(batch.items.map(\.at))")
        }
    }

    @Test("Mastodon: publish, look up, comment, numbers, conversations, followers, edit")
    func mastodon() async throws {
        try await Self.cleaning { started in
            let emulator = MastodonEmulator()
            try await emulator.start()
            started.add { await emulator.stop() }
            let (proxy, mutator) = try await Self.proxied(emulator.baseURL, seed: 20261207, started)
            try await Self.fuzz(MastodonPlatform(client: BlueskyPeer.client, timeout: .seconds(60)),
                                ChannelCredential(accessToken: emulator.token, instanceURL: proxy.baseURL), mutator)
        }
    }

    @Test("VK: publish, look up, comment, numbers, conversations, followers")
    func vk() async throws {
        try await Self.cleaning { started in
            let emulator = VKEmulator()
            try await emulator.start()
            started.add { await emulator.stop() }
            let (proxy, mutator) = try await Self.proxied(emulator.baseURL, seed: 20261208, started)
            let platform = VKPlatform(client: BlueskyPeer.client, timeout: .seconds(60))
            let connect = { try await platform.connect(token: emulator.token, community: "vk.com/herald_vk", server: proxy.baseURL) }
            try await Self.fuzz(platform, try await connect(), mutator, connect: connect)
        }
    }

    @Test("Telegram: publish, comment, numbers, conversations, edit")
    func telegram() async throws {
        try await Self.cleaning { started in
            let emulator = TelegramEmulator(chats: [.init(id: -1_001_234_567_890, username: "herald_demo", title: "Herald Demo",
                                                          linkedChatID: -1_001_234_567_891)])
            try await emulator.start()
            started.add { await emulator.stop() }
            let (proxy, mutator) = try await Self.proxied(emulator.baseURL, seed: 20261209, started)
            let platform = TelegramPlatform(client: BlueskyPeer.client, timeout: .seconds(60))
            let connect = { try await platform.connect(token: emulator.token, chat: "@herald_demo", server: proxy.baseURL) }
            try await Self.fuzz(platform, try await connect(), mutator, connect: connect)
        }
    }

    @Test("Bluesky (the real PDS behind the proxy): publish, look up, comment, numbers, conversations, followers",
          .enabled(if: BlueskyPeer.url != nil && ProcessInfo.processInfo.environment["HERALD_FUZZ_BLUESKY"] == "1",
                   "needs the PDS and HERALD_FUZZ_BLUESKY=1: the suite's other Bluesky tests write to the same account at the same time"))
    func bluesky() async throws {
        try await Self.cleaning { started in
            let (proxy, mutator) = try await Self.proxied(try #require(BlueskyPeer.url), seed: 20261210, started)
            try await BlueskyPeer.with(service: proxy.baseURL, timeout: .seconds(60)) { platform, credential, _ in
                try await Self.fuzz(platform, ChannelCredential.parse(credential), mutator, rounds: Self.rounds / 3)
            }
        }
    }
}
