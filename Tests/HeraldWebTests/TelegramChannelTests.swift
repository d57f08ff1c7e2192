import FluentKit
import Foundation
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldEmulators
import HeraldStore
import HeraldTestSupport
import Testing
import SQLKit
import Vapor

/// Issue 11, point 5: a manager connects a Telegram channel with a bot token (API and the
/// connect page, English and Russian), is told what the bot is missing, publishes through the
/// worker, and an answer lost after sending is left to a person — never sent twice by Herald.
@Suite("Telegram channels, end to end")
struct TelegramChannelTests {
    static let channel = TelegramEmulator.Chat(id: -1_001_234_567_890, username: "herald_demo", title: "Herald Demo")
    static let noRights = TelegramEmulator.Chat(id: -1_009_999, username: "no_rights", title: "No rights", botStatus: "member")

    /// The emulator with `chats`, and Herald (receiving pushes when `push`) with an owner, a workspace and an API token.
    static func scene(chats: [TelegramEmulator.Chat] = [channel, noRights], push: Bool = false,
                      _ body: (Application, TestBrowser, UUID, TestBrowser, TelegramEmulator) async throws -> Void) async throws {
        let telegram = TelegramEmulator(chats: chats)
        try await telegram.start()
        do {
            try await withHerald({ $0.receivePush = push }) { app in
                let owner = try TestBrowser(app: app)
                let w = try await Fixtures.setUpOwner(owner)
                let api = TestBrowser.sharing(owner, token: try await Fixtures.createToken(owner, name: "t"))
                try await body(app, owner, w, api, telegram)
            }
        } catch {
            await telegram.stop()
            throw error
        }
        await telegram.stop()
    }

    /// Connects `chat` by the API; answers the channel.
    static func connect(_ api: TestBrowser, _ w: UUID, _ telegram: TelegramEmulator, name: String = "TG", chat: String = "@herald_demo")
        async throws -> UUID
    {
        try await Agency.create(api, "/api/v1/workspaces/\(w)/channels", """
            {"platform":"telegram","name":"\(name)","access_token":"\(telegram.token)","chat":"\(chat)","service_url":"\(telegram.baseURL)"}
            """)
    }

    @Test("connect by API: each refusal on its field, nothing stored; then a post goes out and the channel's subscribers are read")
    func connectAndPublish() async throws {
        try await Self.scene { app, _, w, api, telegram in
            let base = "/api/v1/workspaces/\(w)"
            func connect(token: String = telegram.token, chat: String) async throws -> BrowserResponse {
                try await api.api(.POST, "\(base)/channels", json: """
                    {"platform":"telegram","name":"TG","access_token":"\(token)","chat":"\(chat)","service_url":"\(telegram.baseURL)"}
                    """)
            }
            let notAToken = try await connect(token: "hello", chat: "@herald_demo")
            #expect(notAToken.apiError?.field == "access_token" && notAToken.apiError?.code == "invalid_token")
            let wrongToken = try await connect(token: "7000001:wrong", chat: "@herald_demo")
            #expect(wrongToken.apiError?.field == "access_token" && wrongToken.apiError?.code == "credential_refused", "\(wrongToken.text)")
            let badChat = try await connect(chat: "my channel")
            #expect(badChat.apiError?.field == "chat" && badChat.apiError?.code == "invalid_chat")
            let noChat = try await connect(chat: "@nobody_here")
            #expect(noChat.apiError?.field == "chat" && noChat.apiError?.message.contains("chat not found") == true, "\(noChat.text)")
            let member = try await connect(chat: "@no_rights")
            #expect(member.apiError?.field == "chat")
            #expect(member.apiError?.message == "Telegram did not let the bot post there; fix it and try again. “Telegram: the bot is not an administrator of @no_rights; add it as an administrator allowed to post messages”")
            let nowhere = try await api.api(.POST, "\(base)/channels", json: """
                {"platform":"telegram","name":"TG","access_token":"\(telegram.token)","chat":"@herald_demo","service_url":"http://127.0.0.1:1"}
                """)
            #expect(nowhere.apiError?.field == "service_url" && nowhere.apiError?.code == "platform_unreachable")
            #expect(try await SocialChannel.query(on: app.db).count() == 0, "nothing stored")

            let channel = try await Agency.create(api, "\(base)/channels", """
                {"platform":"telegram","name":"Канал","access_token":"\(telegram.token)","chat":"https://t.me/herald_demo","service_url":"\(telegram.baseURL)"}
                """)
            let listed = try await api.api(.GET, "\(base)/channels")
            #expect(!listed.text.contains(telegram.token) && listed.text.contains("telegram"))

            let post = try await Agency.create(api, "\(base)/posts", """
                {"text":"Скидки до 30 % #весна https://shop.example/spring","channels":["\(channel)"],
                 "variants":[{"channel_id":"\(channel)","options":{"disable_notification":true,"protect_content":true,"pin":true}}]}
                """)
            try await Fixtures.publishNow(app, post: post)
            let detail = try await api.api(.GET, "\(base)/posts/\(post)")
            let publication = try #require((detail.json["targets"] as? [[String: Any]])?.first?["publication"] as? [String: Any])
            #expect(publication["state"] as? String == "published", "\(detail.text)")
            let sent = telegram.sent
            #expect(sent.count == 1 && sent.first?.text == "Скидки до 30 % #весна https://shop.example/spring")
            #expect(sent.first?.entities == 2 && sent.first?.silent == true && sent.first?.protected == true)
            #expect(publication["remote_id"] as? String == "-1001234567890:\(sent.first?.id ?? 0)")
            #expect(publication["url"] as? String == "https://t.me/herald_demo/\(sent.first?.id ?? 0)")
            #expect(telegram.sent.first?.pinned == true, "pinned as its own step")
            #expect((publication["pin"] as? [String: Any])?["state"] as? String == "published")

            let checked = try await api.api(.POST, "\(base)/channels/\(channel)/check")
            #expect(checked.json["account"] as? String == "@herald_demo", "\(checked.text)")
            #expect((checked.json["totals"] as? [String: Int])?["followers"] == 1_250)
            #expect((checked.json["capabilities"] as? [String: Bool])?["insights"] == true)
            #expect(Set(checked.json["not_available"] as? [String] ?? []).isSuperset(of: ["views", "reposts"]), "never zero")
            #expect(!(checked.json["not_available"] as? [String] ?? []).contains("likes"), "reactions arrive as updates")
        }
    }

    @Test("an answer lost after Telegram stored the post: the person is asked, the worker never sends it again, and marking it published settles it")
    func lostAnswerAsksThePerson() async throws {
        try await Self.scene { app, owner, w, api, telegram in
            let base = "/api/v1/workspaces/\(w)"
            let channel = try await Agency.create(api, "\(base)/channels", """
                {"platform":"telegram","name":"TG","access_token":"\(telegram.token)","chat":"@herald_demo","service_url":"\(telegram.baseURL)"}
                """)
            let post = try await Agency.create(api, "\(base)/posts", #"{"text":"Once only","channels":["\#(channel)"]}"#)
            telegram.inject(.dropConnection(afterStore: true))
            try await Fixtures.publishNow(app, post: post)
            #expect(telegram.sent.count == 1, "Telegram stored it")

            var detail = try await api.api(.GET, "\(base)/posts/\(post)")
            var publication = try #require((detail.json["targets"] as? [[String: Any]])?.first?["publication"] as? [String: Any])
            #expect(publication["state"] as? String == "unknown" && publication["problem"] as? String == "ask_person", "\(detail.text)")
            let id = try #require(publication["id"] as? String)

            // The worker runs again, well after any retry delay: nothing is sent.
            let worker = app.runtime.makeWorker(database: app.runtime.database)
            for minutes in [1.0, 10, 120] {
                try await worker.publisher.runOnce(now: Date().addingTimeInterval(minutes * 60), on: app.db)
            }
            #expect(telegram.sent.count == 1, "never a second copy")
            let notifications = try await owner.get("/w/\(w)/notifications")
            #expect(notifications.text.contains("cannot be asked whether it arrived"))
            #expect(notifications.text.contains("It is there: mark as published"))

            let resolved = try await api.api(.POST, "\(base)/posts/\(post)/publications/\(id)/resolve",
                                             json: #"{"seen":"published","url":"https://t.me/herald_demo/\#(telegram.sent[0].id)"}"#)
            #expect(resolved.status == .ok, "\(resolved.text)")
            detail = try await api.api(.GET, "\(base)/posts/\(post)")
            publication = try #require((detail.json["targets"] as? [[String: Any]])?.first?["publication"] as? [String: Any])
            #expect(publication["state"] as? String == "published")
            #expect(detail.json["status"] as? String == "published")
        }
    }

    @Test("the connect page takes only Telegram's fields, in English and Russian, and keeps the chat (never the token) on a refusal")
    func connectByForm() async throws {
        try await Self.scene { _, owner, w, _, telegram in
            let channels = try await owner.get("/w/\(w)/settings/channels")
            #expect(channels.text.contains("href=\"/w/\(w)/settings/channels/connect/telegram\""))
            let page = try await owner.get("/w/\(w)/settings/channels/connect/telegram")
            #expect(page.status == .ok && page.text.contains("Connect Telegram") && page.text.contains("@BotFather"))
            #expect(page.text.contains("name=\"chat\"") && !page.text.contains("name=\"instance_url\"") && !page.text.contains("name=\"app_password\""))
            #expect(try await owner.get("/w/\(w)/settings/channels/connect/x").status == .notFound)
            let refused = try await owner.post("/w/\(w)/settings/channels", form: [
                "platform": "telegram", "name": "TG", "access_token": telegram.token, "chat": "@no_rights", "service_url": telegram.baseURL])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("value=\"@no_rights\"") && !refused.text.contains(telegram.token))
            #expect(refused.text.contains("the bot is not an administrator of @no_rights") && refused.text.contains("Connect Telegram"))
            let added = try await owner.post("/w/\(w)/settings/channels", form: [
                "platform": "telegram", "name": "TG", "access_token": telegram.token, "chat": "@herald_demo", "service_url": telegram.baseURL])
            #expect(added.status == .seeOther)
            _ = try await owner.post("/account", form: ["name": "Olga Owner", "language": "ru"])
            let russian = try await owner.get("/w/\(w)/settings/channels/connect/telegram")
            #expect(russian.text.contains("Подключить Telegram") && russian.text.contains("Токен бота (Telegram)")
                    && russian.text.contains("Канал или группа (Telegram)"))
        }
    }

    @Test("with a public address Telegram pushes: the webhook is set with a per-channel secret, a forged delivery is refused, a replay adds nothing, polling stands aside")
    func pushedUpdates() async throws {
        try await Self.scene(chats: [Self.channel], push: true) { app, owner, w, api, telegram in
            let channel = try await Self.connect(api, w, telegram)
            let hook = try #require(telegram.webhook)
            let path = "/hooks/telegram/\(channel.uuidString.lowercased())"
            #expect(hook.url.hasSuffix(path) && (hook.secret?.count ?? 0) == 64)
            let sync = try #require(app.runtime.makeWorker(database: app.runtime.database).inbox)
            #expect(try await sync.sync(channelID: channel, on: app.db) == 0, "not polled: Telegram would answer 409")
            #expect(try await InboxCursor.find(channel, on: app.db)?.error == nil)

            let update = #"{"update_id":901,"message":{"message_id":77,"date":1764650000,"chat":{"id":4242,"type":"private","first_name":"Petr","username":"petr"},"from":{"id":4242,"is_bot":false,"first_name":"Petr","username":"petr"},"text":"Здравствуйте! Где заказ?"}}"#
            func deliver(_ secret: String?, _ body: String) async throws -> BrowserResponse {
                var headers: HTTPHeaders = ["Content-Type": "application/json"]
                if let secret { headers.add(name: "X-Telegram-Bot-Api-Secret-Token", value: secret) }
                return try await owner.send(.POST, path, headers: headers, body: ByteBuffer(string: body), useCookies: false)
            }
            #expect(try await deliver("forged", update).status == .unauthorized)
            #expect(try await deliver(nil, update).status == .unauthorized)
            #expect(try await InboxItem.query(on: app.db).count() == 0, "nothing stored from a forged delivery")
            #expect(try await deliver(hook.secret, update).status == .ok)
            #expect(try await deliver(hook.secret, update).status == .ok, "Telegram delivers again when unsure")
            let items = try await InboxItem.query(on: app.db).all()
            #expect(items.count == 1 && items.first?.text == "Здравствуйте! Где заказ?" && items.first?.kindName == "direct_message")
            // What the hook logs as a replay: the delivery's one item, none of it new.
            let replay = try await ChannelPush.receive(platform: "telegram", channelID: channel, headers: ["X-Telegram-Bot-Api-Secret-Token": hook.secret ?? ""],
                                                       body: Data(update.utf8), box: app.secretBox, connectors: app.connectors, on: app.db)
            #expect(replay == .stored(0, of: 1, reply: "ok"), "\(replay)")
            #expect(try await deliver(hook.secret, "{not json").status == .unprocessableEntity)
            #expect(try await owner.send(.POST, "/hooks/telegram/\(UUID().uuidString)", headers: ["X-Telegram-Bot-Api-Secret-Token": hook.secret ?? ""],
                                        body: ByteBuffer(string: update), useCookies: false).status == .notFound)
        }
    }

    @Test("a published post's text is corrected on Telegram (page and API), checked like the post; each correction is kept, the last one wins")
    func correctOnThePlatform() async throws {
        try await Self.scene { app, owner, w, api, telegram in
            let base = "/api/v1/workspaces/\(w)"
            let channel = try await Agency.create(api, "\(base)/channels", """
                {"platform":"telegram","name":"TG","access_token":"\(telegram.token)","chat":"@herald_demo","service_url":"\(telegram.baseURL)"}
                """)
            let post = try await Agency.create(api, "\(base)/posts", #"{"text":"Открываемся в 8:00","channels":["\#(channel)"]}"#)
            try await Fixtures.publishNow(app, post: post)
            let detail = try await api.api(.GET, "\(base)/posts/\(post)")
            let id = try #require(((detail.json["targets"] as? [[String: Any]])?.first?["publication"] as? [String: Any])?["id"] as? String)
            let page = try await owner.get("/w/\(w)/posts/\(post)")
            #expect(page.text.contains("Correct the text on Telegram") && page.text.contains(">Открываемся в 8:00</textarea>"))

            let tooLong = try await api.api(.POST, "\(base)/posts/\(post)/publications/\(id)/edit",
                                            json: #"{"text":"\#(String(repeating: "я", count: 4097))"}"#)
            #expect(tooLong.status == .unprocessableEntity && tooLong.apiError?.field == "text", "\(tooLong.text)")
            let first = try await owner.post("/w/\(w)/posts/\(post)/publications/\(id)/edit", form: ["text": "Открываемся в 7:30"])
            #expect(first.status == .seeOther)
            let second = try await api.api(.POST, "\(base)/posts/\(post)/publications/\(id)/edit", json: #"{"text":"Открываемся в 7:00"}"#)
            #expect(second.status == .accepted)
            let steps = try #require(app.runtime.makeWorker(database: app.runtime.database).steps)
            try await steps.runOnce(on: app.db)
            #expect(telegram.sent.first?.text == "Открываемся в 7:00", "the last correction wins: \(telegram.sent.map(\.text))")
            let after = try await api.api(.GET, "\(base)/posts/\(post)")
            let publication = try #require((after.json["targets"] as? [[String: Any]])?.first?["publication"] as? [String: Any])
            #expect((publication["edits"] as? [[String: Any]])?.map { $0["text"] as? String } == ["Открываемся в 7:30", "Открываемся в 7:00"])
            #expect((publication["edits"] as? [[String: Any]])?.allSatisfy { $0["state"] as? String == "published" } == true)
            #expect(after.json["text"] as? String == "Открываемся в 8:00", "what was first published is kept")
            let shown = try await owner.get("/w/\(w)/posts/\(post)")
            #expect(shown.text.contains("Corrected on Telegram: done") && shown.text.contains(">Открываемся в 7:00</textarea>"))
        }
    }

    @Test("two channels of one bot: one poller reads the bot's updates and each channel gets its own")
    func onePollerPerBot() async throws {
        let group = TelegramEmulator.Chat(id: -4_000, username: nil, title: "Herald group", type: "group", botStatus: "member")
        let linked = TelegramEmulator.Chat(id: -1_001_234_567_890, username: "herald_demo", title: "Herald Demo", linkedChatID: -1_001_234_567_891)
        try await Self.scene(chats: [linked, group]) { app, _, w, api, telegram in
            func connect(_ name: String, _ chat: String) async throws -> UUID { try await Self.connect(api, w, telegram, name: name, chat: chat) }
            let channel = try await connect("Channel", "@herald_demo")
            let groupChannel = try await connect("Group", "-4000")
            let sync = try #require(app.runtime.makeWorker(database: app.runtime.database).inbox)
            #expect(try await sync.enqueueDue(on: app.db) == 1, "one bot, one poller")

            telegram.comment(onPost: 101, in: linked.id, from: "masha", text: "Комментарий к посту в канале")
            telegram.replyInGroup(to: 55, in: group.id, from: "ivan", text: "Ответ в группе")
            #expect(try await sync.runOnce(on: app.db) == 1)
            let items = try await InboxItem.query(on: app.db).all()
            #expect(items.first { $0.$channel.id == channel }?.text == "Комментарий к посту в канале")
            #expect(items.first { $0.$channel.id == groupChannel }?.text == "Ответ в группе")
            #expect(items.count == 2)
        }
    }

    @Test("reactions on a channel post arrive with the polled updates and show as its likes; an answer to a comment is read and belongs to the comment's post")
    func reactionsAndDeeperComments() async throws {
        let linked = TelegramEmulator.Chat(id: -1_001_234_567_890, username: "herald_demo", title: "Herald Demo", linkedChatID: -1_001_234_567_891)
        try await Self.scene(chats: [linked]) { app, owner, w, api, telegram in
            let base = "/api/v1/workspaces/\(w)"
            let channel = try await Self.connect(api, w, telegram)
            let post = try await Agency.create(api, "\(base)/posts", #"{"text":"Новая коллекция","channels":["\#(channel)"]}"#)
            try await Fixtures.publishNow(app, post: post)
            let messageID = try #require(telegram.sent.first?.id)
            let worker = app.runtime.makeWorker(database: app.runtime.database)
            let sync = try #require(worker.inbox)

            telegram.react(to: messageID, in: linked.id, counts: ["👍": 5, "🔥": 2])
            telegram.react(to: 999_999, in: linked.id, counts: ["👍": 40])  // a post Herald did not publish
            let comment = telegram.comment(onPost: messageID, in: linked.id, from: "masha", text: "Когда в продаже?")
            telegram.answer(comment: comment, onPost: messageID, in: linked.id, from: "oleg", to: "masha", text: "Тоже жду")
            #expect(try await sync.sync(channelID: channel, on: app.db) == 2)
            let items = try await InboxItem.query(on: app.db).sort(\.$at).sort(\.$remoteID).all()
            #expect(items.map(\.text) == ["Когда в продаже?", "Тоже жду"])
            #expect(items.allSatisfy { $0.postID == post }, "the answer belongs to the comment's post")
            #expect(items.last?.parentRemoteID == "\(linked.linkedChatID ?? 0):\(comment)")
            #expect(try await MetricSampleRows.count(on: app.db) == 1, "only Herald's post is counted")

            var detail = try await api.api(.GET, "\(base)/posts/\(post)")
            var publication = try #require((detail.json["targets"] as? [[String: Any]])?.first?["publication"] as? [String: Any])
            #expect(publication["metrics"] as? [String: Int] == ["likes": 7], "\(detail.text)")
            #expect(try await worker.metrics?.enqueueDue(on: app.db) == 1, "the hourly reading of the channel's subscribers")
            #expect(try await worker.metrics?.runOnce(on: app.db) == 1)
            #expect(try await worker.metrics?.enqueueDue(on: app.db) == 0, "nothing to ask Telegram for, post by post")

            // Later counts win; a count that fell is kept as it is.
            telegram.react(to: messageID, in: linked.id, counts: ["👍": 4])
            try await sync.sync(channelID: channel, now: Date().addingTimeInterval(5), on: app.db)
            detail = try await api.api(.GET, "\(base)/posts/\(post)")
            publication = try #require((detail.json["targets"] as? [[String: Any]])?.first?["publication"] as? [String: Any])
            #expect(publication["metrics"] as? [String: Int] == ["likes": 4])
            let page = try await owner.get("/w/\(w)/posts/\(post)")
            #expect(page.text.contains("likes 4"), "the post page shows the latest count")
        }
    }

    @Test("a reaction count pushed to the webhook is stored as the post's likes")
    func pushedReactions() async throws {
        try await Self.scene(chats: [Self.channel], push: true) { app, owner, w, api, telegram in
            let base = "/api/v1/workspaces/\(w)"
            let channel = try await Self.connect(api, w, telegram)
            let post = try await Agency.create(api, "\(base)/posts", #"{"text":"Пост","channels":["\#(channel)"]}"#)
            try await Fixtures.publishNow(app, post: post)
            let messageID = try #require(telegram.sent.first?.id)
            let hook = try #require(telegram.webhook)
            let update = #"{"update_id":902,"message_reaction_count":{"chat":{"id":\#(Self.channel.id),"type":"channel","title":"Herald Demo"},"message_id":\#(messageID),"date":1764650000,"reactions":[{"type":{"type":"emoji","emoji":"❤"},"total_count":9}]}}"#
            let answer = try await owner.send(.POST, "/hooks/telegram/\(channel.uuidString.lowercased())",
                                              headers: ["Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": hook.secret ?? ""],
                                              body: ByteBuffer(string: update), useCookies: false)
            #expect(answer.status == .ok)
            let detail = try await api.api(.GET, "\(base)/posts/\(post)")
            let publication = try #require((detail.json["targets"] as? [[String: Any]])?.first?["publication"] as? [String: Any])
            #expect(publication["metrics"] as? [String: Int] == ["likes": 9], "\(detail.text)")
        }
    }
}

/// Rows in `metric_samples` (there is no model for them).
enum MetricSampleRows {
    static func count(on database: any Database) async throws -> Int {
        let sql = try #require(database as? any SQLDatabase)
        return try await sql.raw("SELECT COUNT(*) AS n FROM metric_samples").first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
