/// The social networks Herald publishes to. `sandbox` is Herald's own built-in network that
/// needs no account anywhere (demo, tests, benchmarks).
public enum Platform: String, Codable, CaseIterable, Sendable {
    case sandbox
    case mastodon
    case bluesky
    case telegram
    case vk
    case x
    case facebook
    case instagram
    case threads
    case linkedin
    case odnoklassniki

    public var displayName: String {
        switch self {
        case .sandbox: "Sandbox"
        case .mastodon: "Mastodon"
        case .bluesky: "Bluesky"
        case .telegram: "Telegram"
        case .vk: "VK"
        case .x: "X"
        case .facebook: "Facebook"
        case .instagram: "Instagram"
        case .threads: "Threads"
        case .linkedin: "LinkedIn"
        case .odnoklassniki: "Одноклассники"
        }
    }

    public static func parse(_ raw: String?, field: String) throws(ValidationError) -> Platform {
        guard let raw, let platform = Platform(rawValue: raw.lowercased()) else {
            throw ValidationError(code: "invalid_platform", field: field,
                                  message: .init(.errorInvalidPlatform, raw ?? "",
                                                 Platform.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        return platform
    }
}

/// Whether a channel can publish now.
public enum ChannelState: String, Codable, CaseIterable, Sendable {
    case active
    case needsReconnect = "needs_reconnect"
    case paused
}

/// Where a post stands. Publishing states arrive with the publishing engine.
public enum PostStatus: String, Codable, CaseIterable, Sendable {
    case draft
    case inReview = "in_review"
    case approved
    case scheduled
    /// Out on every channel it targets (set by the publishing engine).
    case published
}
