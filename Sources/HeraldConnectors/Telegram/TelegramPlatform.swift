import AsyncHTTPClient
import Foundation
import HeraldCore
import NIOCore

/// Posts to a Telegram channel or group as a bot. The credential holds the bot token, the chat
/// (its numeric id, found when the channel is connected) and, for a local Bot API server, its
/// address.
///
/// Telegram has no idempotency and no way to list a channel's posts, so after a lost answer
/// nothing can be looked up: `canFindPublished` is false, and the engine leaves such a
/// publication to a person (`PublicationProblem.askPerson`); `findPublished` answers an error,
/// never "not there".
public struct TelegramPlatform: SocialPlatform {
    public let platform: Platform = .telegram
    public let connectFlow: ConnectFlow = .form
    public let canFindPublished = false
    public let docsPage = "docs/platforms/telegram.md"
    let http: PlatformHTTP

    public init(client: HTTPClient, timeout: TimeAmount = .seconds(20), recorder: (@Sendable (JSONValue) -> Void)? = nil,
                outbound: OutboundGuard? = nil) {
        http = PlatformHTTP(client: client, timeout: timeout, recorder: recorder, outbound: outbound)
    }

    func api(_ credential: ChannelCredential) throws(PlatformError) -> TelegramBotAPI {
        let token = credential.accessToken.trimmingCharacters(in: .whitespaces)
        guard token.contains(":"), !token.contains("/") else { throw .unauthorized(message: "Telegram: this is not a bot token (it looks like 123456:ABC…)") }
        return TelegramBotAPI(http: http, base: (credential.instanceURL ?? TelegramBotAPI.defaultBase).trimmingSuffix("/"), token: token)
    }

    // MARK: - Connecting

    /// Whether this looks like a bot token from @BotFather (`123456789:AAF…`).
    public static func isBotToken(_ token: String) -> Bool { token.wholeMatch(of: /[0-9]{1,20}:[A-Za-z0-9_-]{1,200}/) != nil }

    /// `@name`, `t.me/name` (any scheme) or a numeric id, as `@name` or the id; nil when it is none of them.
    public static func chatReference(_ raw: String) -> String? {
        var chat = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        for prefix in ["https://t.me/", "http://t.me/", "t.me/"] where chat.lowercased().hasPrefix(prefix) {
            chat = "@" + chat.dropFirst(prefix.count)
        }
        return chat.wholeMatch(of: /@[A-Za-z][A-Za-z0-9_]{3,31}|-?[0-9]{1,20}/) != nil ? chat : nil
    }

    /// Telegram answers 401/404 for a wrong token, 400 "chat not found" or 403 "… chat" for the
    /// chat, and `rights` says what the bot is missing there.
    public static func connectField(for error: PlatformError, server: String?) -> ConnectField {
        switch error {
        case .unauthorized(let said): said.lowercased().contains("chat") ? .account : .credential
        case .rejected: .account
        default: server == nil ? .credential : .server
        }
    }

    /// Checks the token, finds the chat (`@name` or id) and that the bot may post there; answers the credential to seal.
    public func connect(token: String, chat: String, server: String?) async throws(PlatformError) -> ChannelCredential {
        var credential = ChannelCredential(accessToken: token, instanceURL: server)
        let api = try api(credential)
        let found = try await rights(api, chat: chat)
        credential.account = found.chatID
        credential.handle = found.name
        return credential
    }

    public func verify(_ credential: ChannelCredential) async throws(PlatformError) -> String {
        guard let chat = credential.account else { throw .unauthorized(message: "Telegram: the channel has no chat; reconnect it") }
        return try await rights(try api(credential), chat: chat).name
    }

    /// `getMe`, `getChat` and `getChatMember`: the bot exists, the chat exists, and the bot is an
    /// administrator allowed to post (a channel) or a member (a group). Says what is missing.
    func rights(_ api: TelegramBotAPI, chat: String) async throws(PlatformError) -> (chatID: String, name: String) {
        let me = try await api.call("getMe", [:])
        guard case .int(let botID)? = me["id"] else { throw .transient(message: "Telegram answered getMe without the bot") }
        let target: JSONValue = Int64(chat).map { .int(Int($0)) } ?? .string(chat)
        let info = try await api.call("getChat", ["chat_id": target])
        guard case .int(let chatID)? = info["id"] else { throw .transient(message: "Telegram answered getChat without the chat") }
        let name = info["username"]?.stringValue.map { "@" + $0 } ?? info["title"]?.stringValue ?? String(chatID)
        let member = try await api.call("getChatMember", ["chat_id": .int(chatID), "user_id": .int(botID)])
        let status = member["status"]?.stringValue ?? "left"
        let isChannel = info["type"]?.stringValue == "channel"
        if isChannel {
            guard status == "administrator" || status == "creator" else {
                throw .rejected(message: "Telegram: the bot is not an administrator of \(name); add it as an administrator allowed to post messages")
            }
            guard member["can_post_messages"] != .bool(false) else {
                throw .rejected(message: "Telegram: the bot is an administrator of \(name) but may not post messages; allow “Post messages”")
            }
        } else {
            guard ["administrator", "creator", "member", "restricted"].contains(status) else {
                throw .rejected(message: "Telegram: the bot is not a member of \(name); add it to the group")
            }
        }
        return (String(chatID), name)
    }

    // MARK: - Publishing

    public func publish(_ request: PublishRequest, credential: String) async throws(PlatformError) -> PublishedPost {
        let stored = ChannelCredential.parse(credential)
        let api = try api(stored)
        guard let chat = stored.account, let chatID = Int(chat) else {
            throw .unauthorized(message: "Telegram: the channel has no chat; reconnect it")
        }
        var common: [String: JSONValue] = ["chat_id": .int(chatID)]
        if request.options["disable_notification"] == "true" { common["disable_notification"] = true }
        if request.options["protect_content"] == "true" { common["protect_content"] = true }
        let result: JSONValue
        switch request.attachments.count {
        case 0:
            var params = TelegramRequests.sendMessage(chatID: chat, text: request.text,
                                                      disableLinkPreview: request.options["disable_link_preview"] == "true")
            if case .object(var object) = params {
                object.merge(common) { $1 }
                params = .object(object)
            }
            result = try await api.call("sendMessage", params, effect: .sends)
        case 1:
            let attachment = request.attachments[0]
            let field = attachment.mimeType.hasPrefix("video/") ? "video" : "photo"
            var params = common.merging(TelegramRequests.caption(request.text)) { $1 }
            params[field] = "attach://file0"
            result = try await api.call(field == "photo" ? "sendPhoto" : "sendVideo", .object(params),
                                        files: [try Self.file(attachment, field: "file0")], effect: .sends)
        default:
            var media: [JSONValue] = []
            var files: [Multipart.FilePart] = []
            for (index, attachment) in request.attachments.enumerated() {
                let name = "file\(index)"
                var item: [String: JSONValue] = ["type": .string(attachment.mimeType.hasPrefix("video/") ? "video" : "photo"),
                                                 "media": .string("attach://\(name)")]
                if index == 0 { item.merge(TelegramRequests.caption(request.text)) { $1 } }
                media.append(.object(item))
                files.append(try Self.file(attachment, field: name))
            }
            var params = common
            params["media"] = .array(media)
            result = try await api.call("sendMediaGroup", .object(params), files: files, effect: .sends)
        }
        let first = result.arrayValue?.first ?? result
        guard case .int(let messageID)? = first["message_id"] else {
            throw .outcomeUnknown(message: "Telegram answered without the message")
        }
        let username = first["chat"]?["username"]?.stringValue
        return PublishedPost(remoteID: "\(chatID):\(messageID)", url: username.flatMap { URL(string: "https://t.me/\($0)/\(messageID)") },
                             publishedAt: Date())
    }

    /// Telegram cannot be asked whether a message is there: an error, so that no caller mistakes
    /// silence for "not there" and sends again.
    public func findPublished(_ request: PublishRequest, credential: String) async throws(PlatformError) -> PublishedPost? {
        throw .rejected(message: "Telegram cannot be asked whether a post is in a channel; look at the channel")
    }

    static func file(_ attachment: Attachment, field: String) throws(PlatformError) -> Multipart.FilePart {
        do {
            return Multipart.FilePart(field: field, fileName: attachment.fileName, mimeType: attachment.mimeType,
                                      data: try Data(contentsOf: URL(fileURLWithPath: attachment.path)))
        } catch {
            throw .rejected(message: "the file “\(attachment.fileName)” is missing from the media library")
        }
    }
}

/// Corrections: `editMessageText`, or `editMessageCaption` for a photo, video or album.
extension TelegramPlatform: Editing {
    public func edit(remoteID: String, text: String, credential: String) async throws(PlatformError) {
        let parts = remoteID.split(separator: ":")
        guard parts.count == 2, let chat = Int(parts[0]), let message = Int(parts[1]) else {
            throw .rejected(message: "“\(remoteID)” is not a Telegram message")
        }
        let api = try api(ChannelCredential.parse(credential))
        var params: [String: JSONValue] = ["chat_id": .int(chat), "message_id": .int(message), "text": .string(text)]
        let entities = TelegramText.entities(for: text).map { ["type": JSONValue.string($0.type), "offset": .int($0.offset), "length": .int($0.length)] as JSONValue }
        if !entities.isEmpty { params["entities"] = .array(entities) }
        do {
            _ = try await api.call("editMessageText", .object(params))
        } catch {
            guard case .rejected(let said) = error else { throw error }
            // The same text again is no error; a media message has a caption instead of text.
            if said.contains("message is not modified") { return }
            guard said.contains("no text in the message") else { throw error }
            var caption: [String: JSONValue] = ["chat_id": .int(chat), "message_id": .int(message)]
            caption.merge(TelegramRequests.caption(text)) { $1 }
            do {
                _ = try await api.call("editMessageCaption", .object(caption))
            } catch {
                if case .rejected(let again) = error, again.contains("message is not modified") { return }
                throw error
            }
        }
    }
}

extension TelegramPlatform: Pinning {
    public func pin(remoteID: String, credential: String, silently: Bool) async throws(PlatformError) {
        let parts = remoteID.split(separator: ":")
        guard parts.count == 2, let chat = Int(parts[0]), let message = Int(parts[1]) else {
            throw .rejected(message: "“\(remoteID)” is not a Telegram message")
        }
        _ = try await api(ChannelCredential.parse(credential)).call("pinChatMessage", [
            "chat_id": .int(chat), "message_id": .int(message), "disable_notification": .bool(silently),
        ])
    }
}

extension TelegramPlatform: Deleting {
    public func delete(remoteID: String, credential: String) async throws(PlatformError) {
        let parts = remoteID.split(separator: ":")
        guard parts.count == 2, let chat = Int(parts[0]), let message = Int(parts[1]) else {
            throw .rejected(message: "“\(remoteID)” is not a Telegram message")
        }
        do {
            _ = try await api(ChannelCredential.parse(credential)).call("deleteMessage", ["chat_id": .int(chat), "message_id": .int(message)])
        } catch {
            // Already gone (deleted by hand, or by an earlier attempt whose answer was lost).
            if case .rejected(let said) = error, said.contains("message to delete not found") { return }
            throw error
        }
    }
}

/// The Bot API gives a chat's subscriber count, and a post's reactions only as they change (the
/// `message_reaction_count` updates an administrator bot asks for — read with the conversations,
/// counted as likes). Nothing gives a post's views: "not available on Telegram", never zero.
extension TelegramPlatform: Insights {
    public var postMetrics: Set<PostMetric> { [.likes] }
    public var streamedPostMetrics: Set<PostMetric> { [.likes] }
    public var accountMetrics: Set<AccountMetric> { [.followers] }

    public func metrics(of remoteIDs: [String], credential: String) async throws(PlatformError) -> [String: [PostMetric: Int]] { [:] }

    public func account(credential: String) async throws(PlatformError) -> [AccountMetric: Int] {
        let stored = ChannelCredential.parse(credential)
        guard let chat = stored.account, let chatID = Int(chat) else {
            throw .unauthorized(message: "Telegram: the channel has no chat; reconnect it")
        }
        let count = try await api(stored).call("getChatMemberCount", ["chat_id": .int(chatID)])
        guard case .int(let members) = count else { throw .transient(message: "Telegram answered getChatMemberCount without a number") }
        return [AccountMetric.followers: members].plausible
    }
}
