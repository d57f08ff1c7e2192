import Fluent
import Foundation
import HeraldApp
import HeraldConnectors
import HeraldCore
import HeraldEmulators
import HeraldJobs
import HeraldStore
import HeraldTestSupport
import Testing
import Vapor

/// Issue 12, pt 5 (Telegram): a person links their private chat with the installation's bot by a
/// one-time code and then gets the same notices there as by e-mail — here with no mail server at all.
@Suite("Telegram notices")
struct TelegramNoticeTests {
    @Test("linking by /start CODE (a wrong code is answered, each message read once), approval notices in the chat, switches, unlinking")
    func linkAndNotify() async throws {
        let telegram = TelegramEmulator()
        try await telegram.start()
        try await withHerald({ $0.telegramBot = .init(token: telegram.token, apiURL: telegram.baseURL, username: "herald_notices_bot") }) { app in
            let agency = try await Agency.make(app)
            let bot = try #require(app.runtime.noticeBot)
            let before = try await agency.ownerAPI.api(.GET, "/api/v1/me/notifications")
            #expect(before.json["telegram"] as? Bool == true && before.json["telegram_linked"] as? Bool == false && before.json["email"] as? Bool == false)

            // The page makes a code (with the t.me link); the API makes a newer one, which is the one that works.
            let page = try await agency.owner.post("/account/telegram", form: [:])
            #expect(page.status == .ok && page.text.contains("https://t.me/herald_notices_bot?start="), "\(page.status)")
            let made = try await agency.ownerAPI.api(.POST, "/api/v1/me/telegram")
            #expect(made.status == .created && made.json["expires_in_seconds"] as? Int == 900)
            let code = try #require(made.json["code"] as? String)
            let olga = Int64(TelegramEmulator.userID("olga")), mallory = Int64(TelegramEmulator.userID("mallory"))
            telegram.directMessage(from: "mallory", text: "/start ABCDEFGH")
            telegram.directMessage(from: "olga", text: "/start \(code)")
            #expect(try await TelegramNotices.readLinks(bot: bot, on: app.db) == 1)
            #expect(try await TelegramNotices.readLinks(bot: bot, on: app.db) == 0, "each message is read once")
            let answers = telegram.sent.filter { $0.chatID == olga || $0.chatID == mallory }
            #expect(answers.count == 2, "\(answers.map(\.text))")
            #expect(answers.first { $0.chatID == olga }?.text.contains("Herald's notices for \(Fixtures.ownerEmail)") == true)
            #expect(answers.first { $0.chatID == mallory }?.text.contains("This code does not work") == true)
            #expect(try await agency.ownerAPI.api(.GET, "/api/v1/me/notifications").json["telegram_linked"] as? Bool == true)

            // An approval request reaches the owner's chat; the editor, who asked, hears nothing.
            let queue = JobQueue(owner: "telegram-test", leaseSeconds: 30)
            let base = "/api/v1/workspaces/\(agency.workspaceA)"
            #expect(try await agency.editorAPI.api(.POST, "\(base)/posts/\(agency.postA)/submit").status == .ok)
            #expect(try await TelegramNotices.deliver(queue: queue, bot: bot, on: app.db) == 1)
            let notice = try #require(telegram.sent.last)
            #expect(notice.chatID == olga && notice.text.hasPrefix("Approval needed in Client A: A's launch"), "\(notice.text)")
            #expect(notice.text.contains("/w/\(agency.workspaceA.uuidString.lowercased())/posts/\(agency.postA.uuidString.lowercased())"))

            // Switched off in Telegram: nothing more; the page shows the switch as it is.
            let off = try await agency.ownerAPI.api(.PUT, "/api/v1/me/notifications", json: #"{"telegram_events":{"approval_requested":false}}"#)
            #expect((off.json["telegram_events"] as? [String: Bool])?["approval_requested"] == false)
            #expect(try await agency.ownerAPI.api(.POST, "\(base)/posts/\(agency.postA)/request-changes", json: #"{"comment":"Ещё раз"}"#).status == .ok)
            #expect(try await agency.editorAPI.api(.POST, "\(base)/posts/\(agency.postA)/submit").status == .ok)
            #expect(try await TelegramNotices.deliver(queue: queue, bot: bot, on: app.db) == 0)
            let account = try await agency.owner.get("/account")
            #expect(account.text.contains("name=\"telegram_approval_requested\" value=\"1\">") && account.text.contains("Unlink Telegram"))

            // Unlinked: no chat any more.
            #expect(try await agency.ownerAPI.api(.DELETE, "/api/v1/me/telegram").status == .noContent)
            #expect(try await agency.ownerAPI.api(.GET, "/api/v1/me/notifications").json["telegram_linked"] as? Bool == false)
        }
        await telegram.stop()
    }

    @Test("without a bot: the account page says so and the API refuses a code by name")
    func withoutBot() async throws {
        try await withHerald { app in
            let agency = try await Agency.make(app)
            #expect(try await agency.owner.get("/account").text.contains("no Telegram bot for notices"))
            let refused = try await agency.ownerAPI.api(.POST, "/api/v1/me/telegram")
            #expect(refused.status == .conflict && (refused.json["error"] as? [String: Any])?["code"] as? String == "no_bot", "\(refused.text)")
        }
    }
}
