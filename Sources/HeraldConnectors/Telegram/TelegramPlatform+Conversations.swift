import Foundation
import HeraldCore

/// Comments on the channel's posts (in its linked discussion group, answers to other comments
/// included), replies in a group the bot posts to, messages people write to the bot, and the
/// reaction counts of the channel's posts, read with `getUpdates` (long polling). The cursor is
/// the next `update_id`: asking with it confirms everything before it, so Telegram forgets those
/// updates — which is why one bot must have one poller (the caller's job; a second one, or a
/// webhook set on the bot, answers 409 and is reported as a passing fault).
extension TelegramPlatform: SharedConversations {
    public var conversationKinds: Set<ConversationItem.Kind> { [.comment, .reply, .directMessage] }

    /// What the bot asks Telegram to send it: reaction counts only come to those who ask.
    static let updateTypes: JSONValue = ["message", "edited_message", "message_reaction_count"]

    public func conversations(since cursor: String?, credential: String) async throws(PlatformError) -> ConversationBatch {
        let stored = ChannelCredential.parse(credential)
        guard let chat = stored.account else { throw .unauthorized(message: "Telegram: the channel has no chat; reconnect it") }
        let (batches, next) = try await conversations(since: cursor, credential: credential, accounts: [chat])
        var batch = batches[chat] ?? ConversationBatch(items: [], cursor: nil)
        batch.cursor = next
        return batch
    }

    /// All channels of one bot read from its single update stream (on its Bot API server).
    public func sharedStream(credential: String) -> String? {
        let stored = ChannelCredential.parse(credential)
        guard let bot = stored.accessToken.split(separator: ":").first else { return nil }
        return "telegram:\(stored.instanceURL ?? TelegramBotAPI.defaultBase):\(bot)"
    }

    public func conversations(since cursor: String?, credential: String, accounts: [String]) async throws(PlatformError)
        -> (batches: [String: ConversationBatch], cursor: String?)
    {
        let api = try api(ChannelCredential.parse(credential))
        var params: [String: JSONValue] = ["limit": 100, "timeout": 0, "allowed_updates": Self.updateTypes]
        if let cursor, let offset = Int(cursor) { params["offset"] = .int(offset) }
        let updates = try await api.call("getUpdates", .object(params))
        guard case .array(let list) = updates else { throw .transient(message: "Telegram answered getUpdates without a list") }
        var batches: [String: ConversationBatch] = [:]
        var next: Int?
        var discussions: DiscussionGroups?
        for update in list {
            next = TelegramBotAPI.offset(after: update, next: next)
            if let counted = update["message_reaction_count"] {
                if let (account, post, total) = Self.reactions(counted, accounts: accounts) {
                    batches[account, default: ConversationBatch(items: [], cursor: nil)].counts[post] = [.likes: total]
                }
                continue
            }
            guard let message = update["message"] ?? update["edited_message"] else { continue }
            // Each update belongs to at most one of the bot's chats.
            var placed = false
            for account in accounts {
                guard let chat = Int64(account), let item = Self.item(message, channel: chat) else { continue }
                batches[account, default: ConversationBatch(items: [], cursor: nil)].items.append(item)
                placed = true
                break
            }
            // An answer to another comment: its channel is the one whose discussion group this is.
            guard !placed, let group = message["chat"]?["id"]?.intValue, message["message_thread_id"] != nil else { continue }
            if discussions == nil { discussions = await DiscussionGroups.read(accounts, api: api) }
            guard let account = discussions?.channel[Int64(group)], let item = Self.answerToComment(message) else { continue }
            batches[account, default: ConversationBatch(items: [], cursor: nil)].items.append(item)
        }
        return (batches, next.map(String.init))
    }

    /// Each channel's discussion group now (`getChat` → `linked_chat_id`), read when an update needs it.
    struct DiscussionGroups {
        var channel: [Int64: String] = [:]

        static func read(_ accounts: [String], api: TelegramBotAPI) async -> DiscussionGroups {
            var groups = DiscussionGroups()
            for account in accounts {
                guard let id = Int64(account), let chat = try? await api.call("getChat", ["chat_id": .int(Int(id))]),
                      let linked = chat["linked_chat_id"]?.intValue else { continue }
                groups.channel[Int64(linked)] = account
            }
            return groups
        }
    }

    /// A post's reactions now (their total, counted as likes), when the post is in one of `accounts`.
    static func reactions(_ update: JSONValue, accounts: [String]) -> (account: String, post: String, total: Int)? {
        guard let chat = update["chat"]?["id"]?.intValue, accounts.contains(String(chat)), let message = update["message_id"]?.intValue,
              case .array(let reactions)? = update["reactions"] else { return nil }
        // Each count within reason before they are added: a sum of odd counts must not overflow.
        let total = reactions.compactMap { $0["total_count"]?.intValue }.filter { $0 > 0 && PlatformCount.plausible.contains($0) }.reduce(0, +)
        guard PlatformCount.plausible.contains(total) else { return nil }
        return (String(chat), "\(chat):\(message)", total)
    }

    /// A message in a discussion group answering a comment (or Herald's answer) rather than the
    /// post's forward: a comment whose post is that of the comment it answers (found by the store).
    static func answerToComment(_ message: JSONValue) -> ConversationItem? {
        guard let messageID = message["message_id"]?.intValue, let chat = message["chat"], let chatID = chat["id"]?.intValue,
              let from = message["from"], let authorID = from["id"]?.intValue, from["is_bot"] != .bool(true),
              let parent = message["reply_to_message"]?["message_id"]?.intValue else { return nil }
        return ConversationItem(remoteID: "\(chatID):\(messageID)", kind: .comment, authorID: String(authorID), authorName: author(from),
                                text: message["text"]?.stringValue ?? message["caption"]?.stringValue ?? "", at: date(message),
                                parentRemoteID: "\(chatID):\(parent)", conversationID: String(chatID))
    }

    static func author(_ from: JSONValue) -> String {
        from["username"]?.stringValue.map { "@" + $0 }
            ?? [from["first_name"]?.stringValue, from["last_name"]?.stringValue].compactMap { $0 }.joined(separator: " ")
    }

    static func date(_ message: JSONValue) -> Date {
        PlatformHTTP.date(epochSeconds: message["date"]?.intValue)
    }

    /// What one message is to this channel, or nil when it is about something else.
    static func item(_ message: JSONValue, channel: Int64) -> ConversationItem? {
        guard let messageID = message["message_id"]?.intValue, let chat = message["chat"], let chatID = chat["id"]?.intValue,
              let from = message["from"], let authorID = from["id"]?.intValue, from["is_bot"] != .bool(true) else { return nil }
        let text = message["text"]?.stringValue ?? message["caption"]?.stringValue ?? ""
        let author = author(from), at = date(message)
        let remoteID = "\(chatID):\(messageID)"
        let parent = message["reply_to_message"]
        let parentID = parent?["message_id"]?.intValue.map { "\(chatID):\($0)" }
        switch chat["type"]?.stringValue {
        case "private":
            return ConversationItem(remoteID: remoteID, kind: .directMessage, authorID: String(authorID), authorName: author, text: text,
                                    at: at, conversationID: String(chatID))
        case "group", "supergroup":
            // A comment answers the automatic forward of one of the channel's posts (in its
            // discussion group, whichever that is now).
            if let parent, let origin = parent["forward_origin"], origin["chat"]?["id"]?.intValue.map(Int64.init) == channel,
               let postID = origin["message_id"]?.intValue {
                return ConversationItem(remoteID: remoteID, kind: .comment, authorID: String(authorID), authorName: author, text: text,
                                        at: at, postRemoteID: "\(channel):\(postID)", parentRemoteID: parentID,
                                        conversationID: String(chatID))
            }
            // A group the bot posts to: replies to its posts.
            guard Int64(chatID) == channel, let parent, parent["from"]?["is_bot"] == .bool(true), let parentID else { return nil }
            return ConversationItem(remoteID: remoteID, kind: .reply, authorID: String(authorID), authorName: author, text: text, at: at,
                                    postRemoteID: parentID, parentRemoteID: parentID, conversationID: String(chatID))
        default:
            return nil
        }
    }


    /// A message in the item's chat, as a reply to it (in the discussion group for a comment).
    public func reply(_ request: ReplyRequest, credential: String) async throws(PlatformError) -> PublishedPost {
        let stored = ChannelCredential.parse(credential)
        let parts = request.item.remoteID.split(separator: ":")
        guard parts.count == 2, let chat = Int(parts[0]), let message = Int(parts[1]) else {
            throw .rejected(message: "“\(request.item.remoteID)” is not a Telegram message")
        }
        var params: [String: JSONValue] = ["chat_id": .int(chat), "text": .string(request.text),
                                           "reply_parameters": ["message_id": .int(message), "allow_sending_without_reply": true]]
        let entities = TelegramText.entities(for: request.text)
        if !entities.isEmpty {
            params["entities"] = .array(entities.map { ["type": .string($0.type), "offset": .int($0.offset), "length": .int($0.length)] })
        }
        let sent = try await api(stored).call("sendMessage", .object(params), effect: .sends)
        guard let id = sent["message_id"]?.intValue else { throw .outcomeUnknown(message: "Telegram answered without the message") }
        return PublishedPost(remoteID: "\(chat):\(id)", url: nil, publishedAt: Date())
    }
}

/// Telegram's webhook: `setWebhook` with a secret token (1–256 of `A-Za-z0-9_-`) that comes back in
/// the `X-Telegram-Bot-Api-Secret-Token` header of every update (and stops `getUpdates`, which then
/// answers 409).
extension TelegramPlatform: Pushing {
    public var pushSecretLength: Int { 64 }

    public func enablePush(credential: String, url: String, secret: String) async throws(PlatformError) {
        _ = try await api(ChannelCredential.parse(credential)).call("setWebhook", [
            "url": .string(url), "secret_token": .string(secret), "allowed_updates": Self.updateTypes,
        ])
    }

    public func receivePush(_ delivery: PushDelivery, secret: String, credential: String) async throws(PlatformError) -> PushOutcome {
        guard let presented = delivery.header("X-Telegram-Bot-Api-Secret-Token"), ConstantTime.equals(presented, secret) else { return .refused }
        guard let update = try? JSONDecoder().decode(JSONValue.self, from: delivery.body) else { return .malformed }
        if let counted = update["message_reaction_count"] {
            guard let account = ChannelCredential.parse(credential).account,
                  let (_, post, total) = Self.reactions(counted, accounts: [account]) else { return .items([], reply: "ok") }
            return .items([], counts: [post: [.likes: total]], reply: "ok")
        }
        guard let chat = ChannelCredential.parse(credential).account.flatMap(Int64.init),
              let message = update["message"] ?? update["edited_message"], let item = Self.item(message, channel: chat) else {
            return .items([], reply: "ok")
        }
        return .items([item], reply: "ok")
    }
}
