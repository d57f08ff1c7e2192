import HeraldCore

/// Bot API method parameters for Telegram channel posts.
public enum TelegramRequests {
    public enum Markup: Sendable {
        /// Plain text with explicit `url` and `hashtag` entities (UTF-16 offsets).
        case entities
        case html
        case markdownV2
    }

    /// `sendMessage` for a text post.
    public static func sendMessage(chatID: String, text: String, markup: Markup = .entities,
                                   disableLinkPreview: Bool = false) -> JSONValue {
        var params: [String: JSONValue] = ["chat_id": .string(chatID)]
        switch markup {
        case .entities:
            params["text"] = .string(text)
            let entities = TelegramText.entities(for: text)
            if !entities.isEmpty {
                params["entities"] = .array(entities.map { ["type": .string($0.type), "offset": .int($0.offset),
                                                            "length": .int($0.length)] })
            }
        case .html:
            params["text"] = .string(TelegramText.html(text))
            params["parse_mode"] = "HTML"
        case .markdownV2:
            params["text"] = .string(TelegramText.markdownV2(text))
            params["parse_mode"] = "MarkdownV2"
        }
        if disableLinkPreview { params["link_preview_options"] = ["is_disabled": true] }
        return .object(params)
    }

    /// A caption with its entities (UTF-16 offsets), for a photo, a video or an album's first item.
    public static func caption(_ text: String) -> [String: JSONValue] {
        guard !text.isEmpty else { return [:] }
        var params: [String: JSONValue] = ["caption": .string(text)]
        let entities = TelegramText.entities(for: text)
        if !entities.isEmpty {
            params["caption_entities"] = .array(entities.map { ["type": .string($0.type), "offset": .int($0.offset), "length": .int($0.length)] })
        }
        return params
    }
}
