import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

@Suite("Sandbox network in the database")
struct SandboxNetworkTests {
    @Test("posts persist by idempotency key; the audience reacts over time, once per hour drawn, and stops after the post's lifetime")
    func network() async throws {
        let (database, pools) = try await JobQueueTests.database()
        let pool = try pools()
        let db = JobQueueTests.db(pool)
        let sandbox = SandboxPlatform(storage: DatabaseSandboxStorage(database: { db }))
        let request = PublishRequest(text: "Новый сорт кофе уже в продаже! https://example.com/coffee", idempotencyKey: "key-1",
                                     media: [MediaItem(name: "cup.jpg", format: .jpeg, bytes: 1000, width: 1080, height: 1080)])
        let first = try await sandbox.publish(request, credential: "demo-coffee")
        let again = try await sandbox.publish(request, credential: "demo-coffee")
        #expect(first == again, "a repeated key returns the post already made")
        #expect(try await sandbox.findPublished(request, credential: "demo-coffee") == first)
        #expect(try await sandbox.findPublished(PublishRequest(text: "x", idempotencyKey: "other"), credential: "demo-coffee") == nil)
        let stored = try #require(try await sandbox.storage.find(idempotencyKey: "key-1"))
        #expect(stored.content == .image && stored.image == .photo && stored.isRussian)
        #expect(stored.account != "demo-coffee", "the credential is not stored in the clear")

        let postedAt = stored.createdAt
        let tenHours = postedAt.addingTimeInterval(10 * 3600)
        let recorded = try await SandboxNetwork.advance(now: tenHours, on: db)
        #expect(recorded > 0)
        #expect(try await SandboxNetwork.advance(now: tenHours, on: db) == 0, "nothing twice")
        let later = try await SandboxNetwork.advance(now: tenHours.addingTimeInterval(3600), on: db)
        let expected = SandboxAudience.forAccount(stored.account).events(
            post: "key-1", postedAt: postedAt, content: .image, image: .photo, russian: true, from: postedAt,
            to: tenHours.addingTimeInterval(3600))
        #expect(recorded + later == expected.count, "what the database holds is exactly the audience's draw")

        let counts = try await SandboxNetwork.engagement(remoteIDs: [first.remoteID], on: db)[first.remoteID] ?? [:]
        #expect(counts.values.reduce(0, +) == expected.count)
        #expect(counts[.like] == expected.filter { $0.kind == .like }.count)
        let talk = try await SandboxNetwork.conversation(remoteID: first.remoteID, on: db)
        #expect(talk.allSatisfy { [.comment, .message].contains($0.kind) && $0.text != nil })

        // After its lifetime the post is finished: later advances add nothing.
        let end = postedAt.addingTimeInterval(SandboxAudience.lifetime + 3600)
        _ = try await SandboxNetwork.advance(now: end, on: db)
        #expect(try await SandboxNetwork.advance(now: end.addingTimeInterval(86_400), on: db) == 0)
        await pool.shutdownAsync()
        await database.destroy()
    }

    @Test("the audience read as Insights and Conversations: counts per post, followers, comments and messages after a cursor, never twice; an answer is the account's comment")
    func capabilities() async throws {
        let (database, pools) = try await JobQueueTests.database()
        let pool = try pools()
        let db = JobQueueTests.db(pool)
        let sandbox = SandboxPlatform(storage: DatabaseSandboxStorage(database: { db }))
        let post = try await sandbox.publish(PublishRequest(text: "Новое меню — пишите, что попробовать!", idempotencyKey: "cap-1"),
                                             credential: "demo-cafe")
        let stored = try #require(try await sandbox.storage.find(idempotencyKey: "cap-1"))
        let before = try await sandbox.conversations(since: nil, credential: "demo-cafe")
        #expect(before.items.isEmpty && before.cursor == nil)
        #expect(try await sandbox.metrics(of: [post.remoteID, "sandbox-gone"], credential: "demo-cafe")
                == [post.remoteID: [.likes: 0, .reposts: 0, .replies: 0, .clicks: 0]], "a post nobody reacted to: zeros; one that is gone: left out")

        let day = stored.createdAt.addingTimeInterval(SandboxAudience.lifetime + 3600)
        _ = try await SandboxNetwork.advance(now: day, on: db)
        let drawn = SandboxAudience.forAccount(stored.account).events(post: "cap-1", postedAt: stored.createdAt, content: .text, image: nil,
                                                                      russian: true, from: stored.createdAt, to: day)
        let metrics = try #require(try await sandbox.metrics(of: [post.remoteID], credential: "demo-cafe")[post.remoteID])
        #expect(metrics[.likes] == drawn.filter { $0.kind == .like }.count)
        #expect(metrics[.replies] == drawn.filter { $0.kind == .comment }.count)
        #expect(metrics[.views] == nil, "the Sandbox has no views: not available")
        #expect(try await sandbox.account(credential: "demo-cafe")[.followers] == drawn.filter { $0.kind == .follow }.count)

        // Read in two halves through the cursor: everything once, in order.
        let talk = drawn.filter { [.comment, .message].contains($0.kind) }
        try #require(talk.count >= 2, "the draw has comments or messages to read")
        var read: [ConversationItem] = []
        var cursor: String?
        for _ in 0..<100 {
            let batch = try await sandbox.conversations(since: cursor, credential: "demo-cafe")
            if batch.items.isEmpty { break }
            read += batch.items
            cursor = batch.cursor
        }
        #expect(read.count == talk.count && Set(read.map(\.remoteID)).count == talk.count)
        #expect(read.map(\.at) == read.map(\.at).sorted())
        #expect(read.map(\.kind).filter { $0 == .directMessage }.count == talk.filter { $0.kind == .message }.count)
        #expect(try await sandbox.conversations(since: cursor, credential: "demo-cafe").items.isEmpty, "nothing twice")
        #expect(try await sandbox.conversations(since: nil, credential: "other-account").items.isEmpty, "another account's audience")

        let answer = try await sandbox.reply(ReplyRequest(item: read[0], text: "Спасибо!", idempotencyKey: "answer-1"), credential: "demo-cafe")
        #expect(try await sandbox.findComment(CommentRequest(parentRemoteID: post.remoteID, text: "", idempotencyKey: "answer-1"),
                                              credential: "demo-cafe") == answer)
        #expect(try await sandbox.conversations(since: cursor, credential: "demo-cafe").items.isEmpty, "our own answer is not an item")
        await pool.shutdownAsync()
        await database.destroy()
    }
}
