import AsyncHTTPClient
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldEmulators
import HeraldFixtures
import HeraldTestSupport
import NIOCore
import Testing

/// The Bluesky connector against a real third-party PDS (arroba, which validates every record
/// against the official lexicons), started by `scripts/test` from `../shared/peers/bluesky-pds`
/// and named by `HERALD_TEST_BLUESKY_PDS`. Every request is recorded for the contract checker.
@Suite("Bluesky connector against a real PDS", .enabled(if: BlueskyPeer.url != nil,
                                                       "HERALD_TEST_BLUESKY_PDS is not set (scripts/test starts the PDS and sets it)"))
struct BlueskyPeerTests {
    @Test("sign in; a Cyrillic post with emoji, link, mention and hashtag facets and two images with alt text; a reply; found by its key; the reply deleted")
    func publishEverything() async throws {
        try await BlueskyPeer.with { platform, credential, peer in
            let text = "Привет, Bluesky! 👋🏽 Новая коллекция: https://example.com/весна @alice.test #весна"
            let png = try BlueskyPeer.file(MediaFixtures.png(1200, 800), "a.png")
            let jpeg = try BlueskyPeer.file(MediaFixtures.jpeg(640, 640), "b.jpg")
            let request = PublishRequest(
                text: text, idempotencyKey: UUID().uuidString, options: ["languages": "ru,en"],
                media: [MediaItem(name: "a.png", format: .png, bytes: 100, width: 1200, height: 800),
                        MediaItem(name: "b.jpg", format: .jpeg, bytes: 100, width: 640, height: 640)],
                attachments: [Attachment(fileName: "a.png", mimeType: "image/png", altText: "Витрина магазина", path: png),
                              Attachment(fileName: "b.jpg", mimeType: "image/jpeg", altText: "Платье, вид спереди", path: jpeg)])
            let post = try await platform.publish(request, credential: credential)
            let address = try #require(ATURI(post.remoteID))
            #expect(address.repo == "did:web:alice.test" && address.rkey == BlueskyRecordKey.derived(from: request.idempotencyKey))
            #expect(post.url?.absoluteString == "https://bsky.app/profile/alice.test/post/\(address.rkey)")

            let record = try #require(try await peer.record(address))
            #expect(record["text"] == .string(text))
            #expect(record["langs"] == ["ru", "en"])
            let facets = record["facets"]?.arrayValue ?? []
            let kinds = facets.compactMap { $0["features"]?.arrayValue?.first?["$type"]?.stringValue }
            #expect(kinds == ["app.bsky.richtext.facet#link", "app.bsky.richtext.facet#mention", "app.bsky.richtext.facet#tag"])
            // UTF-8 offsets: the link facet covers exactly the URL's bytes.
            let link = try #require(facets.first)
            let linkStart = text.utf8.distance(from: text.utf8.startIndex, to: try #require(text.range(of: "https://")).lowerBound)
            #expect(link["index"]?["byteStart"] == .int(linkStart))
            #expect(link["index"]?["byteEnd"] == .int(linkStart + "https://example.com/весна".utf8.count))
            #expect(facets[1]["features"]?.arrayValue?.first?["did"] == "did:web:alice.test")
            #expect(facets[2]["features"]?.arrayValue?.first?["tag"] == "весна")
            let images = record["embed"]?["images"]?.arrayValue ?? []
            #expect(record["embed"]?["$type"] == "app.bsky.embed.images" && images.count == 2)
            #expect(images.first?["alt"] == "Витрина магазина" && images.last?["alt"] == "Платье, вид спереди")
            #expect(images.first?["aspectRatio"] == ["width": 1200, "height": 800])
            #expect(images.first?["image"]?["mimeType"] == "image/png")

            // The first comment: a reply in the post's thread, then deleted and confirmed gone.
            let comment = CommentRequest(parentRemoteID: post.remoteID, text: "Подробности в профиле 👆", idempotencyKey: UUID().uuidString)
            let reply = try await platform.comment(comment, credential: credential)
            let replyRecord = try #require(try await peer.record(ATURI(reply.remoteID)!))
            #expect(replyRecord["reply"]?["parent"]?["uri"] == .string(post.remoteID))
            #expect(replyRecord["reply"]?["root"]?["uri"] == .string(post.remoteID))
            #expect(try await platform.findComment(comment, credential: credential)?.remoteID == reply.remoteID)

            // Reconciliation reads the record the key names; another key finds nothing.
            #expect(try await platform.findPublished(request, credential: credential)?.remoteID == post.remoteID)
            var other = request
            other.idempotencyKey = UUID().uuidString
            #expect(try await platform.findPublished(other, credential: credential) == nil)

            try await platform.delete(remoteID: reply.remoteID, credential: credential)
            #expect(try await peer.record(ATURI(reply.remoteID)!) == nil, "the reply is gone")
            #expect(try await peer.record(address) != nil, "the post stays")
        }
    }

    @Test("a link card with the page's title, description and picture; a quote of an earlier post with an image")
    func linkCardAndQuote() async throws {
        let page = """
            <html><head><title>Ignored</title><meta property="og:title" content="Весенняя коллекция &amp; скидки">
            <meta property="og:description" content='Новые платья уже в магазине'>
            <meta property="og:image" content="/img/cover.png"></head><body>…</body></html>
            """
        let site = StaticSite(["/spring": ("text/html; charset=utf-8", Data(page.utf8)),
                               "/img/cover.png": ("image/png", Data(MediaFixtures.png(1200, 630)))])
        try await site.start()
        defer { Task { await site.stop() } }
        try await BlueskyPeer.with { platform, credential, peer in
            let link = site.baseURL + "/spring"
            let card = try await platform.publish(PublishRequest(text: "Весна пришла", idempotencyKey: UUID().uuidString, link: link),
                                                  credential: credential)
            let record = try #require(try await peer.record(ATURI(card.remoteID)!))
            let external = record["embed"]?["external"]
            #expect(record["embed"]?["$type"] == "app.bsky.embed.external")
            #expect(external?["uri"] == .string(link) && external?["title"] == "Весенняя коллекция & скидки")
            #expect(external?["description"] == "Новые платья уже в магазине")
            #expect(external?["thumb"]?["mimeType"] == "image/png", "the picture was uploaded as the thumbnail")
            #expect(site.requests == ["/spring", "/img/cover.png"])

            let png = try BlueskyPeer.file(MediaFixtures.png(800, 800), "q.png")
            let quote = try await platform.publish(
                PublishRequest(text: "Цитата", idempotencyKey: UUID().uuidString, options: ["quote": card.url!.absoluteString.replacingOccurrences(of: "alice.test", with: "did:web:alice.test")],
                               media: [MediaItem(name: "q.png", format: .png, bytes: 10, width: 800, height: 800)],
                               attachments: [Attachment(fileName: "q.png", mimeType: "image/png", altText: "Квадрат", path: png)]),
                credential: credential)
            let quoted = try #require(try await peer.record(ATURI(quote.remoteID)!))
            #expect(quoted["embed"]?["$type"] == "app.bsky.embed.recordWithMedia")
            #expect(quoted["embed"]?["record"]?["record"]?["uri"] == .string(card.remoteID))
            #expect(quoted["embed"]?["media"]?["images"]?.arrayValue?.first?["alt"] == "Квадрат")
            do {
                _ = try await platform.publish(PublishRequest(text: "x", idempotencyKey: UUID().uuidString, options: ["quote": "https://example.com/x"]),
                                               credential: credential)
                Issue.record("a quote that is not a post's address was sent")
            } catch let error as PlatformError {
                #expect(error == .rejected(message: "“https://example.com/x” is not the address of a Bluesky post (at://… or https://bsky.app/profile/…/post/…)"))
            }
        }
        await site.stop()
    }

    @Test("the answer to createRecord is lost after the PDS stored the post: unknown, found by its key, sent again without a second post")
    func lostAnswer() async throws {
        let proxy = LossyProxy(upstream: try #require(BlueskyPeer.url))
        try await proxy.start()
        try await BlueskyPeer.with(service: proxy.baseURL) { platform, credential, peer in
            // Only the create is impatient (2 s against an answer held 6 s); everything else has the
            // usual deadline, so a PDS slowed by the rest of the suite does not fail the test.
            let impatient = BlueskyPeer.platform(timeout: .seconds(2))
            proxy.holdNextAnswer(to: "/xrpc/com.atproto.repo.createRecord", seconds: 6)
            let request = PublishRequest(text: "Ответ потерялся, пост — нет \(UUID().uuidString.prefix(8))", idempotencyKey: UUID().uuidString)
            do {
                _ = try await impatient.publish(request, credential: credential)
                Issue.record("expected an unknown outcome")
            } catch let error as PlatformError {
                guard case .outcomeUnknown = error else { Issue.record("expected outcomeUnknown, got \(error)"); return }
            }
            try await Task.sleep(for: .seconds(5))  // the held answer arrives at the proxy and is dropped
            let found = try #require(try await platform.findPublished(request, credential: credential), "the PDS has the post")
            // Sent again anyway (as a worker without reconciliation would): the same record, still one post.
            let again = try await platform.publish(request, credential: credential)
            #expect(again.remoteID == found.remoteID)
            let mine = try await peer.posts().filter { $0["value"]?["text"] == .string(request.text) }
            #expect(mine.count == 1, "one post on the PDS, whatever happened to the answers")
        }
        await proxy.stop()
    }

    @Test("ten posts at once to one account: all ten are on the PDS (writes to one repository go one at a time)")
    func concurrentPosts() async throws {
        try await BlueskyPeer.with { platform, credential, peer in
            let tag = UUID().uuidString.prefix(8)
            let posted = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 1...10 {
                    group.addTask {
                        try await platform.publish(PublishRequest(text: "Пост \(index) из 10 · \(tag)", idempotencyKey: UUID().uuidString),
                                                   credential: credential).remoteID
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(posted.count == 10)
            let stored = try await peer.posts().filter { $0["value"]?["text"]?.stringValue?.hasSuffix(" · \(tag)") == true }
            #expect(stored.count == 10, "every post answered as stored is on the PDS")
        }
    }

    @Test("a wrong app password is refused as a credential; a session the PDS no longer accepts is opened again with the app password")
    func sessions() async throws {
        try await BlueskyPeer.with { platform, credential, _ in
            do {
                _ = try await platform.connect(identifier: "alice.test", appPassword: "wrong-pass", service: BlueskyPeer.url)
                Issue.record("a wrong password was accepted")
            } catch let error as PlatformError {
                #expect(error == .unauthorized(message: "Bluesky: AuthenticationRequired: Invalid identifier or password"))
            }
            var stale = ChannelCredential.parse(credential)
            stale.accessToken = "expired.jwt.token"
            stale.refreshToken = "expired.jwt.token"
            let fresh = BlueskyPeer.platform(timeout: .seconds(20))  // no session held in memory
            let post = try await fresh.publish(PublishRequest(text: "После нового входа", idempotencyKey: UUID().uuidString),
                                               credential: stale.encoded)
            #expect(post.remoteID.hasPrefix("at://did:web:alice.test/app.bsky.feed.post/"))
            #expect(try await fresh.verify(stale) == "@alice.test")
            var lost = stale
            lost.appPassword = nil
            let nobody = BlueskyPeer.platform(timeout: .seconds(20))
            do {
                _ = try await nobody.publish(PublishRequest(text: "x", idempotencyKey: UUID().uuidString), credential: lost.encoded)
                Issue.record("a dead session without an app password published")
            } catch let error as PlatformError {
                guard case .unauthorized = error else { Issue.record("expected unauthorized, got \(error)"); return }
            }
        }
    }
}
