import AsyncHTTPClient
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldEmulators
import HeraldFixtures
import HeraldTestSupport
import NIOCore
import Testing

/// Issue 11, point 5 (part): the Telegram connector against the Bot API emulator over HTTP,
/// every request recorded for the contract checker.
@Suite("Telegram connector against the emulator")
struct TelegramTests {
    static func with(_ body: (TelegramEmulator, TelegramPlatform) async throws -> Void) async throws {
        let emulator = TelegramEmulator(chats: [.init(id: -1_001_234_567_890, username: "herald_demo", title: "Herald Demo",
                                                      linkedChatID: -1_001_234_567_891)])
        try await emulator.start()
        let platform = TelegramPlatform(client: BlueskyPeer.client) { try? ContractRecorder.record($0, file: "telegram-connector") }
        do { try await body(emulator, platform) } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }

    @Test("connecting checks the token, the chat and the bot's right to post, and names what is missing")
    func connect() async throws {
        try await Self.with { emulator, platform in
            let credential = try await platform.connect(token: emulator.token, chat: "@herald_demo", server: emulator.baseURL)
            #expect(credential.account == "-1001234567890" && credential.handle == "@herald_demo")
            #expect(try await platform.verify(credential) == "@herald_demo")
            await #expect(throws: PlatformError.unauthorized(message: "Telegram: Unauthorized")) {
                _ = try await platform.connect(token: "7000001:wrong", chat: "@herald_demo", server: emulator.baseURL)
            }
            await #expect(throws: PlatformError.unauthorized(message: "Telegram: Bad Request: chat not found")) {
                _ = try await platform.connect(token: emulator.token, chat: "@nowhere", server: emulator.baseURL)
            }
            emulator.update(.init(id: -1_001_234_567_890, username: "herald_demo", title: "Herald Demo", botStatus: "member"))
            await #expect(throws: PlatformError.rejected(message: "Telegram: the bot is not an administrator of @herald_demo; add it as an administrator allowed to post messages")) {
                _ = try await platform.verify(credential)
            }
            emulator.update(.init(id: -1_001_234_567_890, username: "herald_demo", title: "Herald Demo", botCanPost: false))
            await #expect(throws: PlatformError.rejected(message: "Telegram: the bot is an administrator of @herald_demo but may not post messages; allow “Post messages”")) {
                _ = try await platform.verify(credential)
            }
        }
    }

    @Test("text with entities and options; a photo with a caption; an album of three; the address of each")
    func publish() async throws {
        try await Self.with { emulator, platform in
            let credential = try await platform.connect(token: emulator.token, chat: "@herald_demo", server: emulator.baseURL).encoded
            let text = try await platform.publish(PublishRequest(text: "Скидки 50%! 👨‍👩‍👧‍👦 https://shop.ru #sale", idempotencyKey: "k1",
                                                                 options: ["disable_notification": "true", "protect_content": "true",
                                                                           "disable_link_preview": "true"]), credential: credential)
            #expect(text.remoteID == "-1001234567890:101" && text.url?.absoluteString == "https://t.me/herald_demo/101")
            let first = try #require(emulator.sent.first)
            #expect(first.kind == "text" && first.entities == 2 && first.silent && first.protected && first.noPreview)
            let png = try BlueskyPeer.file(MediaFixtures.png(800, 600), "a.png")
            let jpeg = try BlueskyPeer.file(MediaFixtures.jpeg(640, 640), "b.jpg")
            let photo = Attachment(fileName: "a.png", mimeType: "image/png", altText: nil, path: png)
            _ = try await platform.publish(PublishRequest(text: "Фото дня #кофе", idempotencyKey: "k2", attachments: [photo]), credential: credential)
            let album = try await platform.publish(PublishRequest(text: "Альбом", idempotencyKey: "k3", attachments: [
                photo, Attachment(fileName: "b.jpg", mimeType: "image/jpeg", altText: nil, path: jpeg), photo]), credential: credential)
            let sent = emulator.sent
            #expect(sent.map(\.kind) == ["text", "photo", "photo", "photo", "photo"])
            #expect(sent[1].text == "Фото дня #кофе" && sent[1].entities == 1)
            #expect(Set(sent[2...].compactMap(\.group)).count == 1 && sent[2].text == "Альбом" && sent[3].text == "")
            #expect(album.remoteID == "-1001234567890:\(sent[2].id)")
        }
    }

    @Test("a lost answer is unknown (Telegram has no idempotency and cannot be read: never \"not there\"); 429 waits retry_after; 502 is retried")
    func faults() async throws {
        try await Self.with { emulator, platform in
            let credential = try await platform.connect(token: emulator.token, chat: "@herald_demo", server: emulator.baseURL).encoded
            // Only the send is impatient (2 s against an answer held 8 s): a loaded machine must not fail the rest.
            let impatient = TelegramPlatform(client: BlueskyPeer.client, timeout: .seconds(2)) {
                try? ContractRecorder.record($0, file: "telegram-connector")
            }
            emulator.inject(.timeoutAfterStore(seconds: 8))
            do {
                _ = try await impatient.publish(PublishRequest(text: "Потерянный ответ", idempotencyKey: "k1"), credential: credential)
                Issue.record("expected an unknown outcome")
            } catch let error as PlatformError {
                guard case .outcomeUnknown = error else { Issue.record("expected outcomeUnknown, got \(error)"); return }
            }
            await #expect(throws: PlatformError.rejected(message: "Telegram cannot be asked whether a post is in a channel; look at the channel")) {
                _ = try await platform.findPublished(PublishRequest(text: "Потерянный ответ", idempotencyKey: "k1"), credential: credential)
            }
            emulator.inject(.rateLimit(retryAfterSeconds: 17))
            await #expect(throws: PlatformError.rateLimited(retryAfter: .seconds(17))) {
                _ = try await platform.publish(PublishRequest(text: "x", idempotencyKey: "k2"), credential: credential)
            }
            emulator.inject(.serverError)
            await #expect(throws: PlatformError.transient(message: "Telegram: Bad Gateway")) {
                _ = try await platform.publish(PublishRequest(text: "x", idempotencyKey: "k3"), credential: credential)
            }
            await #expect(throws: PlatformError.rejected(message: "Telegram: Bad Request: message is too long")) {
                _ = try await platform.publish(PublishRequest(text: String(repeating: "я", count: 4097), idempotencyKey: "k4"), credential: credential)
            }
        }
    }

    /// The demo channel connected and one post published on it: the credential, the post and its message id.
    static func posted(_ text: String, _ emulator: TelegramEmulator, _ platform: TelegramPlatform) async throws
        -> (credential: String, post: PublishedPost, postID: Int) {
        let credential = try await platform.connect(token: emulator.token, chat: "@herald_demo", server: emulator.baseURL).encoded
        let post = try await platform.publish(PublishRequest(text: text, idempotencyKey: "post-\(text.hashValue)"), credential: credential)
        return (credential, post, try #require(Int(post.remoteID.split(separator: ":").last ?? "")))
    }

    @Test("conversations: comments in the discussion group, messages to the bot; strays left out; the cursor confirms; a reply answers in place")
    func conversations() async throws {
        try await Self.with { emulator, platform in
            let (credential, post, postID) = try await Self.posted("Конкурс! Комментируйте", emulator, platform)
            emulator.comment(onPost: postID, in: -1_001_234_567_890, from: "masha", text: "Участвую 🎉")
            emulator.strayMessage(in: -42, text: "not about us")
            emulator.directMessage(from: "petr", text: "Где мой заказ?")
            #expect(platform.conversationKinds == [.comment, .reply, .directMessage])

            let first = try await platform.conversations(since: nil, credential: credential)
            #expect(first.items.map(\.kind) == [.comment, .directMessage])
            let comment = try #require(first.items.first)
            #expect(comment.postRemoteID == post.remoteID && comment.text == "Участвую 🎉" && comment.authorName == "@masha")
            #expect(comment.conversationID == "-1001234567891")
            let message = try #require(first.items.last)
            #expect(message.text == "Где мой заказ?" && message.authorName == "@petr" && message.postRemoteID == nil)
            let cursor = try #require(first.cursor)

            let again = try await platform.conversations(since: cursor, credential: credential)
            #expect(again.items.isEmpty && again.cursor == nil, "confirmed updates are gone")
            emulator.comment(onPost: postID, in: -1_001_234_567_890, from: "olga", text: "И я")
            let next = try await platform.conversations(since: cursor, credential: credential)
            #expect(next.items.map(\.authorName) == ["@olga"])

            let sent = try await platform.reply(ReplyRequest(item: message, text: "Заказ уже в пути: https://shop.example/track", idempotencyKey: "r1"),
                                                credential: credential)
            #expect(sent.remoteID.hasPrefix(message.conversationID ?? "?"))
            let reply = try #require(emulator.replies.first)
            #expect(reply.text == "Заказ уже в пути: https://shop.example/track" && "\(reply.chat):\(reply.to)" == message.remoteID)
        }
    }
    @Test("the inbox's like is a 👍 reaction, delete removes a comment or a private message (gone already counts as done); no hiding")
    func moderation() async throws {
        try await Self.with { emulator, platform in
            let (credential, _, postID) = try await Self.posted("Отзывы", emulator, platform)
            emulator.comment(onPost: postID, in: -1_001_234_567_890, from: "masha", text: "Спасибо!")
            emulator.comment(onPost: postID, in: -1_001_234_567_890, from: "spam", text: "Купите")
            emulator.directMessage(from: "petr", text: "Грубость")
            let items = try await platform.conversations(since: nil, credential: credential).items
            #expect(items.map(\.kind) == [.comment, .comment, .directMessage])
            #expect(platform.moderationActions(for: .comment) == [.like, .delete] && platform.moderationActions(for: .mention).isEmpty)
            let (thanks, spam, rude) = (items[0].remoteID, items[1].remoteID, items[2].remoteID)

            try await platform.moderate(.like, remoteID: thanks, credential: credential)
            #expect(emulator.reactions(on: thanks) == ["👍"])
            try await platform.moderate(.delete, remoteID: spam, credential: credential)
            try await platform.moderate(.delete, remoteID: spam, credential: credential)
            try await platform.moderate(.delete, remoteID: rude, credential: credential)
            #expect(!emulator.isThere(spam) && !emulator.isThere(rude) && emulator.isThere(thanks))
            await #expect(throws: PlatformError.self) { try await platform.moderate(.hide, remoteID: thanks, credential: credential) }
            await #expect(throws: PlatformError.self) { try await platform.moderate(.like, remoteID: spam, credential: credential) }
        }
    }
}
