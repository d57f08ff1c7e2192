/// Per-channel settings a platform offers for a post, beyond its text and media. Each platform
/// accepts only its own; values are checked here so a typo is an error, not a silently ignored key.
public struct PlatformOption: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case flag
        case choice([String])
        case text(maxLength: Int)
    }

    public var key: String
    public var kind: Kind
    public var label: L

    /// What people read for a choice's value (the value itself is what the platform takes).
    public static func label(ofChoice value: String) -> L? {
        switch value {
        case "public", "PUBLIC": .choicePublic
        case "unlisted": .choiceUnlisted
        case "private": .choiceFollowers
        case "direct": .choiceDirect
        case "everyone": .choiceEveryone
        case "following", "accounts_you_follow": .choiceFollowing
        case "mentionedUsers", "mentioned_only": .choiceMentioned
        case "CONNECTIONS": .choiceConnections
        default: nil
        }
    }

    public static func catalogue(for platform: Platform) -> [PlatformOption] {
        switch platform {
        case .mastodon:
            [.init(key: "visibility", kind: .choice(["public", "unlisted", "private", "direct"]), label: .optionVisibility),
             .init(key: "sensitive", kind: .flag, label: .optionSensitive),
             .init(key: "spoiler_text", kind: .text(maxLength: 500), label: .optionSpoiler)]
        case .telegram:
            [.init(key: "disable_link_preview", kind: .flag, label: .optionNoPreview),
             .init(key: "disable_notification", kind: .flag, label: .optionSilent),
             .init(key: "protect_content", kind: .flag, label: .optionProtect),
             .init(key: "pin", kind: .flag, label: .optionPin)]
        case .x:
            [.init(key: "reply_settings", kind: .choice(["everyone", "following", "mentionedUsers"]), label: .optionReplies)]
        case .vk:
            [.init(key: "signed", kind: .flag, label: .optionSigned),
             .init(key: "close_comments", kind: .flag, label: .optionCloseComments),
             .init(key: "pin", kind: .flag, label: .optionPin)]
        case .instagram:
            [.init(key: "share_to_feed", kind: .flag, label: .optionShareToFeed)]
        case .threads:
            [.init(key: "reply_control", kind: .choice(["everyone", "accounts_you_follow", "mentioned_only"]), label: .optionReplies)]
        case .linkedin:
            [.init(key: "visibility", kind: .choice(["PUBLIC", "CONNECTIONS"]), label: .optionVisibility)]
        case .bluesky:
            [.init(key: "languages", kind: .text(maxLength: 20), label: .optionLanguages),
             .init(key: "quote", kind: .text(maxLength: 300), label: .optionQuote)]
        case .facebook, .odnoklassniki, .sandbox:
            []
        }
    }

    /// Checks raw values (strings from a form or JSON scalars as text) and returns them normalised.
    /// Empty values are dropped; unknown keys and bad values are refused by name.
    public static func validate(_ raw: [String: String], for platform: Platform, field: String) throws(ValidationError) -> [String: String] {
        let options = catalogue(for: platform)
        var result: [String: String] = [:]
        for (key, value) in raw.sorted(by: { $0.key < $1.key }) {
            guard let option = options.first(where: { $0.key == key }) else {
                throw ValidationError(code: "unknown_option", field: "\(field).\(key)",
                                      message: .init(.optionUnknown, key, platform.displayName,
                                                     options.map(\.key).joined(separator: ", ")))
            }
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            switch option.kind {
            case .flag:
                guard ["true", "false", "1", "0", "on"].contains(trimmed.lowercased()) else {
                    throw ValidationError(code: "invalid_option", field: "\(field).\(key)", message: .init(.optionBadValue, trimmed, "true, false"))
                }
                if ["true", "1", "on"].contains(trimmed.lowercased()) { result[key] = "true" }
            case .choice(let values):
                guard values.contains(trimmed) else {
                    throw ValidationError(code: "invalid_option", field: "\(field).\(key)",
                                          message: .init(.optionBadValue, trimmed, values.joined(separator: ", ")))
                }
                result[key] = trimmed
            case .text(let maxLength):
                guard trimmed.count <= maxLength else {
                    throw ValidationError(code: "too_long", field: "\(field).\(key)",
                                          message: .init(.errorTooLong, String(maxLength), String(trimmed.count - maxLength)))
                }
                result[key] = trimmed
            }
        }
        return result
    }
}
