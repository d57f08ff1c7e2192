import Foundation

/// Publication problems in words a person can act on, from the catalogue.
extension PublicationProblem {
    /// What happened and what to do, naming the channel and its platform.
    public func sentence(channel: String, platform: Platform?) -> LocalizedText {
        let platformName = platform?.displayName ?? channel
        switch self {
        case .needsReconnect: return LocalizedText(.pubNeedsReconnect, channel)
        case .rejected: return LocalizedText(.pubRejected, platformName)
        case .blocked: return LocalizedText(.pubBlocked, channel)
        case .gaveUp: return LocalizedText(.pubGaveUp, platformName)
        case .willRetry: return LocalizedText(.pubWillRetry, platformName)
        case .noConnector: return LocalizedText(.pubNoConnector, platformName)
        case .noAnswer: return LocalizedText(.pubNoAnswer, platformName, channel)
        case .workerStopped: return LocalizedText(.pubWorkerStopped, channel)
        case .askPerson: return LocalizedText(.pubAskPerson, platformName, channel)
        }
    }

    /// The platform's own words, quoted, or nil when it said nothing useful.
    public static func platformSaid(_ platform: Platform?, _ message: String?) -> LocalizedText? {
        guard let message = message?.trimmingCharacters(in: .whitespacesAndNewlines), !message.isEmpty else { return nil }
        return LocalizedText(.pubPlatformSaid, platform?.displayName ?? "", String(message.prefix(500)))
    }
}
