import Foundation

/// What the bot can do to the audience's messages from the inbox: react with 👍 (the Bot API's
/// `setMessageReaction`) and delete them (`deleteMessage`: in the channel's discussion group when the
/// bot is an administrator allowed to delete messages, and any message written to it privately).
/// Telegram has no hiding of a single comment.
extension TelegramPlatform: Moderating {
    /// The reaction a like sets (one every chat allows unless its administrators turned reactions off).
    static let likeReaction = "👍"

    public nonisolated func moderationActions(for kind: ConversationItem.Kind) -> Set<ModerationAction> {
        switch kind {
        case .comment, .reply, .directMessage: [.like, .delete]
        default: []
        }
    }

    public func moderate(_ action: ModerationAction, remoteID: String, credential: String) async throws(PlatformError) {
        let parts = remoteID.split(separator: ":")
        guard parts.count == 2, let chat = Int(parts[0]), let message = Int(parts[1]) else {
            throw .rejected(message: "“\(remoteID)” is not a Telegram message")
        }
        switch action {
        case .like:
            _ = try await api(ChannelCredential.parse(credential)).call("setMessageReaction", [
                "chat_id": .int(chat), "message_id": .int(message),
                "reaction": [["type": "emoji", "emoji": .string(Self.likeReaction)]],
            ], effect: .sends)
        case .delete: try await delete(remoteID: remoteID, credential: credential)
        case .hide: throw .rejected(message: "Telegram cannot hide a single comment; delete it instead")
        }
    }
}
