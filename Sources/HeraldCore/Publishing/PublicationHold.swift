/// Why a publication waits past its time without an attempt being spent, stored as the job's
/// reason (`jobs.last_error`) and read back through this enum, never by comparing words.
public enum PublicationHold: String, Sendable, CaseIterable {
    case channelPaused = "channel paused"
    case accountRateLimited = "account rate limited"
    case rateBudget = "rate budget used"
    /// A passing fault; the publication's `problem` and platform message say which.
    case retry = "retry"

    public var sentence: L {
        switch self {
        case .channelPaused: .heldPaused
        case .accountRateLimited: .heldRateLimited
        case .rateBudget: .heldBudget
        case .retry: .heldRetry
        }
    }
}
