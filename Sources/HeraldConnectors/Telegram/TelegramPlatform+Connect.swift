import Foundation
import HeraldCore

/// Connecting Telegram: a bot token (`123456:ABC…` from @BotFather), the channel or group
/// (`@name`, a t.me link or the numeric id) and, for a local Bot API server, its address.
/// Telegram is asked whether the bot may post there; a refusal names what is missing.
extension TelegramPlatform: FormConnecting {
    public var connectFields: [ConnectFormField] {
        [ConnectFormField("access_token", label: .channelTelegramToken, kind: .secret, example: "123456789:AAF…", role: .credential),
         ConnectFormField("chat", label: .channelTelegramChat, kind: .text, example: "@channel_name", role: .account),
         ConnectFormField("service_url", label: .channelTelegramServer, kind: .url, required: false, example: "https://api.telegram.org",
                          role: .server)]
    }

    public var connectSteps: L { .channelTelegramHint }

    public func connect(_ values: ConnectValues) async throws -> ChannelCredential {
        let token = try values.secret("access_token", limit: 256)
        guard Self.isBotToken(token) else {
            throw ValidationError(code: "invalid_token", field: "access_token", message: .init(.channelTelegramTokenInvalid))
        }
        let typed = try values.required("chat")
        guard let chat = Self.chatReference(typed) else {
            throw ValidationError(code: "invalid_chat", field: "chat", message: .init(.channelTelegramChatInvalid, String(typed.prefix(100))))
        }
        let server = try await values.server("service_url")
        do {
            return try await connect(token: token, chat: chat, server: server)
        } catch {
            throw refusal(error, about: Self.connectField(for: error, server: server), refused: .channelTelegramRefused)
        }
    }
}
