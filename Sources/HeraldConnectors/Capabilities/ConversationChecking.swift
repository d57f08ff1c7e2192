/// Whether items the inbox holds are still on the platform: a comment or message deleted there is
/// followed (the item says so and leaves the open views). Asked a few items at a time, each at most
/// hourly, for a week after it arrived — within the platform's request budget.
public protocol ConversationChecking: Conversations {
    /// Of these items (`ConversationItem.remoteID`), those the platform no longer has.
    func gone(among remoteIDs: [String], credential: String) async throws(PlatformError) -> Set<String>
}
