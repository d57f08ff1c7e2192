import AsyncHTTPClient
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldEmulators
import HeraldFixtures
import HeraldTestSupport
import NIOCore
import Testing

/// Issue 11, point 6: the VK connector against the VK API emulator over HTTP — connecting with a
/// community token, the wall photo upload chain, guid and reading the wall after a lost answer,
/// the first comment, error codes, metrics, and Long Poll conversations — every request recorded
/// for the contract checker.
@Suite("VK connector against the emulator")
struct VKTests {
    static func with(_ body: (VKEmulator, VKPlatform, String) async throws -> Void) async throws {
        let emulator = VKEmulator()
        try await emulator.start()
        let platform = VKPlatform(client: BlueskyPeer.client) { try? ContractRecorder.record($0, file: "vk-connector") }
        do {
            let credential = try await platform.connect(token: emulator.token, community: "vk.com/herald_vk", server: emulator.baseURL)
            try await body(emulator, platform, credential.encoded)
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }

    static func image() throws -> HeraldConnectors.Attachment {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vk-\(UUID().uuidString).png")
        try Data(MediaFixtures.png(40, 30)).write(to: url)
        return HeraldConnectors.Attachment(fileName: "cat.png", mimeType: "image/png", altText: nil, path: url.path)
    }

    @Test("connecting checks the token, the community and the token's rights, and names what is missing")
    func connect() async throws {
        let emulator = VKEmulator()
        try await emulator.start()
        let platform = VKPlatform(client: BlueskyPeer.client) { try? ContractRecorder.record($0, file: "vk-connector") }
        for reference in ["club218000111", "https://vk.com/herald_vk", "-218000111", "218000111"] {
            let credential = try await platform.connect(token: emulator.token, community: reference, server: emulator.baseURL)
            #expect(credential.account == "218000111" && credential.handle == "Herald ВКонтакте", "\(reference)")
        }
        await #expect(throws: PlatformError.unauthorized(message: "VK: User authorization failed: invalid access_token (4).")) {
            _ = try await platform.connect(token: "stolen", community: "herald_vk", server: emulator.baseURL)
        }
        await #expect(throws: PlatformError.rejected(message: "VK: One of the parameters specified was missing or invalid: group_ids is undefined")) {
            _ = try await platform.connect(token: emulator.token, community: "someone_else", server: emulator.baseURL)
        }
        emulator.rights = ["wall"]
        await #expect(throws: PlatformError.unauthorized(message: "VK: the token of Herald ВКонтакте lacks the rights photos, manage; create a community token with wall, photos and manage")) {
            _ = try await platform.connect(token: emulator.token, community: "herald_vk", server: emulator.baseURL)
        }
        #expect(VKPlatform.communityReference("my community") == nil)
        await emulator.stop()
    }

    @Test("a post with an image (upload chain) and a link; its first comment; metrics; delete")
    func publish() async throws {
        try await Self.with { emulator, platform, credential in
            let post = try await platform.publish(PublishRequest(text: "Весенняя коллекция 🌷 #весна", idempotencyKey: "k-1",
                                                                 options: ["signed": "true"], attachments: [try Self.image()],
                                                                 link: "https://shop.example/spring"), credential: credential)
            let stored = try #require(emulator.wall.first)
            #expect(post.remoteID == "-218000111_\(stored.id)" && post.url?.absoluteString == "https://vk.com/wall-218000111_\(stored.id)")
            #expect(stored.text == "Весенняя коллекция 🌷 #весна" && stored.signed)
            #expect(stored.attachments.count == 2 && stored.attachments[0].hasPrefix("photo-218000111_")
                    && stored.attachments[1] == "https://shop.example/spring")
            // The same guid again while VK remembers it: the same post.
            let again = try await platform.publish(PublishRequest(text: "Весенняя коллекция 🌷 #весна", idempotencyKey: "k-1",
                                                                  attachments: [try Self.image()], link: "https://shop.example/spring"),
                                                   credential: credential)
            #expect(again.remoteID == post.remoteID && emulator.wall.count == 1)

            let comment = try await platform.comment(CommentRequest(parentRemoteID: post.remoteID, text: "Подробности в магазине", idempotencyKey: "c-1"),
                                                     credential: credential)
            #expect(emulator.allComments.map(\.text) == ["Подробности в магазине"] && emulator.allComments.first?.fromID == -218_000_111)
            let found = try await platform.findComment(CommentRequest(parentRemoteID: post.remoteID, text: "Подробности в магазине", idempotencyKey: "c-1"),
                                                       credential: credential)
            #expect(found?.remoteID == comment.remoteID)

            emulator.react(postID: stored.id, likes: 12, reposts: 3, views: 480)
            let metrics = try await platform.metrics(of: [post.remoteID, "junk"], credential: credential)
            #expect(metrics[post.remoteID] == [.likes: 12, .reposts: 3, .replies: 1, .views: 480], "no reach without access to statistics")
            emulator.rights += ["stats"]
            #expect(try await platform.metrics(of: [post.remoteID], credential: credential)[post.remoteID]?[.reach] == 960)
            #expect(try await platform.account(credential: credential) == [.followers: 4_200])
            emulator.memberIDs = [1001, 1003]
            #expect(try await platform.followers(among: ["1001", "1002", "1003", "not-an-id"], credential: credential) == ["1001", "1003"],
                    "members of the community, by groups.isMember")

            try await platform.edit(remoteID: post.remoteID, text: "Весенняя коллекция 🌷 — уже в магазинах", credential: credential)
            #expect(emulator.wall.first?.text == "Весенняя коллекция 🌷 — уже в магазинах" && emulator.wall.first?.attachments.count == 2,
                    "the photo and link stay")
            try await platform.pin(remoteID: post.remoteID, credential: credential, silently: false)
            #expect(emulator.wall.first?.pinned == true)
            try await platform.delete(remoteID: post.remoteID, credential: credential)
            #expect(emulator.wall.isEmpty)
        }
    }

    @Test("VK forgets guids: after a lost answer the wall is read, and the post is found, not sent again; error codes map to what to do")
    func lostAnswerAndErrors() async throws {
        try await Self.with { emulator, platform, credential in
            emulator.remembersGuid = false
            emulator.inject(.dropConnection(afterStore: true))
            let request = PublishRequest(text: "Пост без ответа", idempotencyKey: "k-2")
            do {
                _ = try await platform.publish(request, credential: credential)
                Issue.record("expected an unknown outcome")
            } catch let error as PlatformError {
                guard case .outcomeUnknown = error else { Issue.record("expected outcomeUnknown, got \(error)"); return }
            }
            var lookup = request
            lookup.lookup = PublishRequest.Lookup(sentAt: Date().addingTimeInterval(-5))
            let found = try #require(try await platform.findPublished(lookup, credential: credential))
            #expect(found.remoteID == "-218000111_\(emulator.wall[0].id)" && found.match != nil)
            lookup.lookup?.claimedRemoteIDs = [found.remoteID]
            #expect(try await platform.findPublished(lookup, credential: credential) == nil, "another publication's post is not taken")

            emulator.inject(.rateLimit(retryAfterSeconds: 1))
            await #expect(throws: PlatformError.rateLimited(retryAfter: .seconds(3600))) {
                _ = try await platform.publish(PublishRequest(text: "x", idempotencyKey: "k-3"), credential: credential)
            }
            emulator.captchaNext = true
            await #expect(throws: PlatformError.rateLimited(retryAfter: .seconds(900))) {
                _ = try await platform.publish(PublishRequest(text: "x", idempotencyKey: "k-4"), credential: credential)
            }
            emulator.inject(.serverError)
            await #expect(throws: PlatformError.outcomeUnknown(message: "VK: HTTP 502")) {
                _ = try await platform.publish(PublishRequest(text: "x", idempotencyKey: "k-5"), credential: credential)
            }
            emulator.rights = ["wall", "manage"]
            await #expect(throws: PlatformError.rejected(message: "VK: Access denied: no access to call this method")) {
                _ = try await platform.publish(PublishRequest(text: "x", idempotencyKey: "k-6", attachments: [try Self.image()]),
                                               credential: credential)
            }
            await #expect(throws: PlatformError.unauthorized(message: "VK: User authorization failed: invalid access_token (4).")) {
                var wrong = ChannelCredential.parse(credential)
                wrong.accessToken = "revoked"
                _ = try await platform.publish(PublishRequest(text: "x", idempotencyKey: "k-7"), credential: wrong.encoded)
            }
        }
    }

    @Test("Long Poll: comments and messages since the cursor, the community's own left out; answers in place, a message once")
    func conversations() async throws {
        try await Self.with { emulator, platform, credential in
            let post = try await platform.publish(PublishRequest(text: "Розыгрыш! Пишите в комментариях", idempotencyKey: "p"),
                                                  credential: credential)
            let start = try await platform.conversations(since: nil, credential: credential)
            #expect(start.items.isEmpty)
            let cursor = start.cursor
            let postID = emulator.wall[0].id
            emulator.comment(onPost: postID, from: 501, text: "Участвую!")
            emulator.message(from: 777, text: "Здравствуйте, где мой заказ?")
            let batch = try await platform.conversations(since: cursor, credential: credential)
            #expect(batch.items.map(\.kind) == [.comment, .directMessage])
            let comment = try #require(batch.items.first)
            #expect(comment.postRemoteID == post.remoteID && comment.text == "Участвую!" && comment.authorID == "501")
            let message = try #require(batch.items.last)
            #expect(message.conversationID == "777")
            #expect(try await platform.conversations(since: batch.cursor, credential: credential).items.isEmpty)

            _ = try await platform.reply(ReplyRequest(item: comment, text: "Удачи!", idempotencyKey: "r1"), credential: credential)
            #expect(emulator.allComments.last?.replyTo == Int(comment.remoteID.split(separator: "_").last ?? ""))
            for _ in 0..<2 {
                _ = try await platform.reply(ReplyRequest(item: message, text: "Заказ в пути", idempotencyKey: "r2"), credential: credential)
            }
            #expect(emulator.sentMessages.map(\.text) == ["Заказ в пути"], "random_id: sent once")

            // The author deletes the comment: the next read says so (wall_reply_delete).
            let before = try await platform.conversations(since: nil, credential: credential).cursor
            emulator.deleteComment(Int(comment.remoteID.split(separator: "_").last ?? "") ?? 0)
            let after = try await platform.conversations(since: before, credential: credential)
            #expect(after.items.isEmpty && after.deleted == [comment.remoteID], "\(after.deleted)")
        }
    }

    @Test("the Callback API's confirmation: VK asked at most once in ten minutes per community however often the address is asked; a wrong secret refused")
    func confirmationAskedOnce() async throws {
        let emulator = VKEmulator()
        try await emulator.start()
        let proxy = LossyProxy(upstream: emulator.baseURL)
        try await proxy.start()
        do {
            let platform = VKPlatform(client: BlueskyPeer.client) { try? ContractRecorder.record($0, file: "vk-connector") }
            let credential = try await platform.connect(token: emulator.token, community: "vk.com/herald_vk", server: proxy.baseURL).encoded
            let asked = { proxy.requests.filter { $0.hasSuffix("groups.getCallbackConfirmationCode") }.count }
            let before = asked()
            for _ in 0..<5 {
                let outcome = try await platform.receivePush(PushDelivery(headers: [:], body: Data(#"{"type":"confirmation","group_id":218000111}"#.utf8)),
                                                             secret: "channel-secret", credential: credential)
                guard case .answer(let code) = outcome else { Issue.record("not answered: \(outcome)"); break }
                #expect(code == emulator.confirmationCode)
            }
            #expect(asked() - before <= 1, "VK was asked \(asked() - before) times")
            let forged = try await platform.receivePush(
                PushDelivery(headers: [:], body: Data(#"{"type":"confirmation","group_id":218000111,"secret":"guess"}"#.utf8)),
                secret: "channel-secret", credential: credential)
            if case .refused = forged {} else { Issue.record("a wrong secret was answered: \(forged)") }
        } catch {
            await proxy.stop()
            await emulator.stop()
            throw error
        }
        await proxy.stop()
        await emulator.stop()
    }
}
