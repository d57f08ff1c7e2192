import AsyncHTTPClient
import Foundation

/// The installation's own Telegram bot, for notices to people (not a channel's bot: one bot has
/// one reader of its updates). People link their account by sending the bot `/start CODE`; Herald
/// reads those messages and writes each linked person's notices to their private chat.
public struct TelegramNoticeBot: Sendable {
    public struct Settings: Sendable, Equatable {
        public var token: String
        /// The Bot API server (`https://api.telegram.org`, or a local Bot API server).
        public var apiURL: String
        /// The bot's user name, for the `t.me` link on the Account page (without `@`).
        public var username: String?

        public init(token: String, apiURL: String = "https://api.telegram.org", username: String? = nil) {
            self.token = token
            self.apiURL = apiURL
            self.username = username
        }
    }

    /// A private message someone wrote to the bot.
    public struct Message: Sendable, Equatable {
        public var chatID: Int64
        public var text: String
    }

    let api: TelegramBotAPI

    public init(settings: Settings, client: HTTPClient, recorder: (@Sendable (JSONValue) -> Void)? = nil, outbound: OutboundGuard? = nil) {
        api = TelegramBotAPI(http: PlatformHTTP(client: client, timeout: .seconds(20), recorder: recorder, outbound: outbound),
                             base: settings.apiURL.hasSuffix("/") ? String(settings.apiURL.dropLast()) : settings.apiURL, token: settings.token)
    }

    /// Private messages after `offset` (the next `update_id`), and the offset that confirms them.
    public func messages(after offset: Int?) async throws(PlatformError) -> (messages: [Message], next: Int?) {
        var params: [String: JSONValue] = ["limit": 100, "timeout": 0, "allowed_updates": ["message"]]
        if let offset { params["offset"] = .int(offset) }
        let updates = try await api.call("getUpdates", .object(params))
        guard let list = updates.arrayValue else { throw .transient(message: "Telegram answered getUpdates without a list") }
        var messages: [Message] = [], next: Int?
        for update in list {
            next = TelegramBotAPI.offset(after: update, next: next)
            guard let message = update["message"], message["chat"]?["type"]?.stringValue == "private",
                  let chat = message["chat"]?["id"]?.intValue, let text = message["text"]?.stringValue else { continue }
            messages.append(Message(chatID: Int64(chat), text: text))
        }
        return (messages, next)
    }

    /// Sends `text` (plain, at most 4,096 UTF-16 units: longer is cut) to a private chat.
    public func send(_ text: String, to chatID: Int64) async throws(PlatformError) {
        var cut = text
        while cut.utf16.count > 4096 { cut = String(cut.dropLast()) }
        _ = try await api.call("sendMessage", ["chat_id": .int(Int(chatID)), "text": .string(cut),
                                               "link_preview_options": ["is_disabled": true]], effect: .sends)
    }
}
