import Foundation
import HeraldConnectors
import HeraldCore
import HeraldEmulators
import HeraldTestSupport
import Testing

/// Issue 11, points 1 and 3: Mastodon's Insights and Conversations capabilities against the
/// emulator, over HTTP, every request recorded for the contract checker.
@Suite("Mastodon insights and conversations")
struct MastodonAudienceTests {
    @Test("favourites, boosts and replies per status; a status that is gone is left out; followers and totals")
    func insights() async throws {
        try await MastodonTests.withEmulator { emulator, platform, credential in
            let post = try await platform.publish(MastodonTests.request("Осенняя коллекция"), credential: credential)
            emulator.react(to: post.remoteID, favourites: 12, reblogs: 3)
            emulator.audienceWrites("@herald красиво!", from: "olga", replyingTo: post.remoteID)
            emulator.setFollowers(250)
            let metrics = try await platform.metrics(of: [post.remoteID, "999999"], credential: credential)
            #expect(metrics == [post.remoteID: [.likes: 12, .reposts: 3, .replies: 1]])
            #expect(platform.postMetrics.contains(.views) == false, "Mastodon gives no views: not available, never zero")
            let totals = try await platform.account(credential: credential)
            #expect(totals[.followers] == 250 && totals[.posts] == 1)
        }
    }

    @Test("edit: the status's text changes and its media stay")
    func edit() async throws {
        try await MastodonTests.withEmulator { emulator, platform, credential in
            let post = try await platform.publish(MastodonTests.request("Опечатка в тексте"), credential: credential)
            try await platform.edit(remoteID: post.remoteID, text: "Исправленный текст", credential: credential)
            #expect(emulator.posted.first?.text == "Исправленный текст")
            await #expect(throws: PlatformError.rejected(message: "the status 999 is no longer on the server")) {
                try await platform.edit(remoteID: "999", text: "x", credential: credential)
            }
        }
    }

    @Test("delete: the status is gone; deleting it again is no error (already gone)")
    func delete() async throws {
        try await MastodonTests.withEmulator { emulator, platform, credential in
            let post = try await platform.publish(MastodonTests.request("Удалить потом"), credential: credential)
            try await platform.delete(remoteID: post.remoteID, credential: credential)
            #expect(emulator.posted.isEmpty)
            try await platform.delete(remoteID: post.remoteID, credential: credential)
            await #expect(throws: PlatformError.rejected(message: "“../x” is not a Mastodon status")) {
                try await platform.delete(remoteID: "../x", credential: credential)
            }
        }
    }

    @Test("replies to our statuses, mentions and direct messages since a cursor, oldest first; answering each the way it came")
    func conversations() async throws {
        try await MastodonTests.withEmulator { emulator, platform, credential in
            let post = try await platform.publish(MastodonTests.request("Вопросы? Пишите"), credential: credential)
            let empty = try await platform.conversations(since: nil, credential: credential)
            #expect(empty.items.isEmpty && empty.cursor == nil)
            let comment = emulator.audienceWrites("@herald а доставка в Казань есть?", from: "olga", replyingTo: post.remoteID)
            emulator.audienceWrites("Советую @herald всем", from: "ivan")
            emulator.audienceWrites("@herald хочу вернуть заказ 1234", from: "maria", visibility: "direct")
            let first = try await platform.conversations(since: nil, credential: credential)
            #expect(first.items.map(\.kind) == [.comment, .mention, .directMessage])
            #expect(first.items.map(\.authorName) == ["olga", "ivan", "maria"])
            #expect(first.items[0].text == "@herald а доставка в Казань есть?", "\(first.items[0].text)")
            #expect(first.items[0].postRemoteID == post.remoteID)
            #expect(first.items[0].remoteID == comment)
            let cursor = try #require(first.cursor)
            #expect(try await platform.conversations(since: cursor, credential: credential).items.isEmpty, "nothing twice")
            emulator.audienceWrites("@herald спасибо!", from: "olga", replyingTo: post.remoteID)
            let next = try await platform.conversations(since: cursor, credential: credential)
            #expect(next.items.map(\.text) == ["@herald спасибо!"] && next.cursor != cursor)

            let answer = try await platform.reply(ReplyRequest(item: first.items[0], text: "Да, 2–3 дня.", idempotencyKey: UUID().uuidString),
                                                  credential: credential)
            let direct = try await platform.reply(ReplyRequest(item: first.items[2], text: "Напишите номер ещё раз, пожалуйста",
                                                               idempotencyKey: UUID().uuidString), credential: credential)
            let sent = emulator.posted.filter { [answer.remoteID, direct.remoteID].contains($0.id) }
            #expect(sent.map(\.text) == ["@olga Да, 2–3 дня.", "@maria Напишите номер ещё раз, пожалуйста"])
            #expect(sent.map(\.inReplyToID) == [comment, first.items[2].remoteID])
            #expect(sent.map(\.visibility) == ["public", "direct"])
        }
    }

    @Test("what each connector can do comes from what it implements; the registry offers it to pages")
    func descriptors() {
        let client = BlueskyPeer.client
        let mastodon = PlatformDescriptor(MastodonPlatform(client: client))
        #expect(mastodon.capabilities == [.publishing, .firstComment, .editing, .deleting, .insights, .conversations])
        #expect(mastodon.postMetrics == [.likes, .reposts, .replies] && mastodon.accountMetrics.contains(.followers))
        let bluesky = PlatformDescriptor(BlueskyPlatform(client: client))
        #expect(bluesky.capabilities == [.publishing, .firstComment, .deleting, .insights, .conversations])
        #expect(bluesky.postMetrics == [.likes, .reposts, .replies, .quotes] && bluesky.conversationKinds.contains(.directMessage))
        let telegram = PlatformDescriptor(TelegramPlatform(client: client))
        #expect(telegram.capabilities == [.publishing, .editing, .deleting, .pinning, .insights, .conversations])
        #expect(telegram.postMetrics == [.likes] && telegram.accountMetrics == [.followers], "reactions as likes; views: not available through the Bot API")
        #expect(telegram.connect == .form && telegram.connectFields == ["access_token", "chat", "service_url"])
        let vk = PlatformDescriptor(VKPlatform(client: client))
        #expect(vk.capabilities == Set(Capability.allCases) && vk.connect == .form && vk.connectFields == ["community", "service_url", "access_token"])
        let sandbox = PlatformDescriptor(SandboxPlatform())
        #expect(sandbox.capabilities == [.publishing, .firstComment, .insights, .conversations])
        #expect(sandbox.rules.platform == .sandbox && sandbox.connect == .none && bluesky.connect == .form && mastodon.connectFields.isEmpty)
        for descriptor in [mastodon, bluesky, sandbox, telegram, vk] {
            let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(descriptor.docs)
            #expect(FileManager.default.fileExists(atPath: page.path), "\(descriptor.docs) is written")
        }
    }
}
