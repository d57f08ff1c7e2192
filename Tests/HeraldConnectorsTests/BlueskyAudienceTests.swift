import Foundation
import HeraldConnectors
import HeraldCore
import HeraldEmulators
import HeraldTestSupport
import Testing

/// Issue 11, point 4: Bluesky's Insights and Conversations. The real third-party PDS holds the
/// account; what a PDS proxies to the AppView and the chat service (`atproto-proxy`) is answered
/// by `BlueskyAppView` in front of it, from an audience the test sets up.
@Suite("Bluesky audience: numbers, notifications and messages", .enabled(if: BlueskyPeer.url != nil,
                                                                      "HERALD_TEST_BLUESKY_PDS is not set (scripts/test starts the PDS)"))
struct BlueskyAudienceTests {
    @Test("metrics per post and the account's totals; comments, replies, mentions, quotes and messages since the cursor; answers in place")
    func audience() async throws {
        let pds = try #require(BlueskyPeer.url)
        let appView = BlueskyAppView(pds: pds)
        try await appView.start()
        defer { Task { await appView.stop() } }
        try await BlueskyPeer.with(service: appView.baseURL) { platform, credential, reader in
            let tag = UUID().uuidString.prefix(6)
            let post = try await platform.publish(PublishRequest(text: "Конкурс \(tag): отвечайте!", idempotencyKey: "aud-\(tag)"),
                                                  credential: credential)
            appView.setCounts(post.remoteID, .init(likes: 14, reposts: 3, replies: 2, quotes: 1))
            appView.setFollowers(321)
            #expect(platform.postMetrics == [.likes, .reposts, .replies, .quotes], "views, clicks, saves: not available")
            let metrics = try await platform.metrics(of: [post.remoteID], credential: credential)
            #expect(metrics[post.remoteID] == [.likes: 14, .reposts: 3, .replies: 2, .quotes: 1])
            #expect(try await platform.account(credential: credential) == [.followers: 321, .following: 7, .posts: 12])

            let start = try await platform.conversations(since: nil, credential: credential)
            appView.notify("reply", from: "masha.test", text: "Участвую!", parent: post.remoteID)
            appView.notify("mention", from: "petr.test", text: "@alice.test привет")
            appView.notify("quote", from: "olga.test", text: "Смотрите", quoted: post.remoteID)
            appView.message(from: "ivan.test", text: "Где мой заказ?")
            let batch = try await platform.conversations(since: start.cursor, credential: credential)
            #expect(batch.items.map(\.kind) == [.comment, .mention, .quote, .directMessage], "\(batch.items.map(\.kind))")
            let comment = try #require(batch.items.first)
            #expect(comment.postRemoteID == post.remoteID && comment.authorName == "masha.test" && comment.text == "Участвую!")
            #expect(batch.items[2].postRemoteID == post.remoteID)
            let message = try #require(batch.items.last)
            #expect(message.text == "Где мой заказ?" && message.authorName == "ivan.test")
            let again = try await platform.conversations(since: batch.cursor, credential: credential)
            #expect(again.items.isEmpty && again.cursor == nil)

            // Answers: a post in reply (root and parent from the AppView), and a message.
            let answer = try await platform.reply(ReplyRequest(item: comment, text: "Удачи, Маша!", idempotencyKey: "ans-\(tag)"),
                                                  credential: credential)
            let address = try #require(ATURI(answer.remoteID))
            let stored = try #require(try await reader.record(address))
            #expect(stored["reply"]?["parent"]?["uri"]?.stringValue == comment.remoteID)
            #expect(stored["reply"]?["root"]?["uri"]?.stringValue == post.remoteID, "the thread's root is our post")
            _ = try await platform.reply(ReplyRequest(item: message, text: "Заказ в пути", idempotencyKey: "dm-\(tag)"), credential: credential)
            #expect(appView.sent.map(\.text) == ["Заказ в пути"])

            // An app password without direct-message access: notifications still come.
            appView.chatRefusal = "Bad token scope"
            appView.message(from: "ivan.test", text: "Ещё вопрос")
            appView.notify("mention", from: "anna.test", text: "@alice.test вопрос")
            let partial = try await platform.conversations(since: batch.cursor, credential: credential)
            #expect(partial.items.map(\.kind) == [.mention])
        }
    }

    @Test("who of the authors follows the account (getRelationships' followedBy) and which items are gone (getPosts leaves them out)")
    func followersAndDeletions() async throws {
        let pds = try #require(BlueskyPeer.url)
        let appView = BlueskyAppView(pds: pds)
        try await appView.start()
        defer { Task { await appView.stop() } }
        try await BlueskyPeer.with(service: appView.baseURL) { platform, credential, _ in
            let tag = UUID().uuidString.prefix(6)
            let post = try await platform.publish(PublishRequest(text: "Вопрос \(tag)", idempotencyKey: "del-\(tag)"), credential: credential)
            let masha = appView.notify("reply", from: "masha.test", text: "Ответ", parent: post.remoteID)
            let petr = appView.notify("reply", from: "petr.test", text: "И мой", parent: post.remoteID)
            appView.follows("masha.test")
            let followers = try await platform.followers(among: [BlueskyAppView.did("masha.test"), BlueskyAppView.did("petr.test"), "not-a-did"],
                                                         credential: credential)
            #expect(followers == [BlueskyAppView.did("masha.test")])
            #expect(try await platform.gone(among: [masha, petr], credential: credential).isEmpty)
            appView.delete(petr)
            #expect(try await platform.gone(among: [masha, petr], credential: credential) == [petr])
        }
    }
    @Test("like any post (one like record however often asked), hide a reply in our own thread (the thread's gate, kept), nothing else")
    func moderation() async throws {
        let pds = try #require(BlueskyPeer.url)
        let appView = BlueskyAppView(pds: pds)
        try await appView.start()
        defer { Task { await appView.stop() } }
        try await BlueskyPeer.with(service: appView.baseURL) { platform, credential, reader in
            #expect(platform.moderationActions(for: .comment) == [.like, .hide] && platform.moderationActions(for: .mention) == [.like])
            #expect(platform.moderationActions(for: .directMessage).isEmpty)
            let tag = UUID().uuidString.prefix(6)
            let post = try await platform.publish(PublishRequest(text: "Отзывы \(tag)", idempotencyKey: "mod-\(tag)"), credential: credential)
            let masha = appView.notify("reply", from: "masha.test", text: "Отлично", parent: post.remoteID)
            let spam = appView.notify("reply", from: "spam.test", text: "Купите", parent: post.remoteID)
            let mention = appView.notify("mention", from: "petr.test", text: "@alice.test привет")

            try await platform.moderate(.like, remoteID: masha, credential: credential)
            try await platform.moderate(.like, remoteID: masha, credential: credential)
            let like = try #require(try await reader.record(ATURI(repo: "did:web:alice.test", collection: "app.bsky.feed.like",
                                                                  rkey: BlueskyRecordKey.derived(from: "like:" + masha))))
            #expect(like["subject"]?["uri"]?.stringValue == masha && like["subject"]?["cid"]?.stringValue != nil)
            try await platform.moderate(.like, remoteID: mention, credential: credential)

            try await platform.moderate(.hide, remoteID: spam, credential: credential)
            try await platform.moderate(.hide, remoteID: spam, credential: credential)
            try await platform.moderate(.hide, remoteID: masha, credential: credential)
            let root = try #require(ATURI(post.remoteID))
            let gate = try #require(try await reader.record(ATURI(repo: root.repo, collection: "app.bsky.feed.threadgate", rkey: root.rkey)))
            #expect(gate["post"]?.stringValue == post.remoteID)
            #expect(gate["hiddenReplies"]?.arrayValue?.compactMap(\.stringValue) == [spam, masha], "\(gate)")

            await #expect(throws: PlatformError.self) { try await platform.moderate(.hide, remoteID: mention, credential: credential) }
            await #expect(throws: PlatformError.self) { try await platform.moderate(.delete, remoteID: spam, credential: credential) }
            appView.delete(spam)
            await #expect(throws: PlatformError.self) { try await platform.moderate(.like, remoteID: spam, credential: credential) }
        }
    }
}
