/// Whether people who write to the account follow it — for routing rules on "the author follows
/// us". Asked once per sync for the new items' authors, only when a rule of the workspace needs it.
public protocol FollowerChecking: SocialPlatform {
    /// Of these people (the platform's own ids, as `ConversationItem.authorID`), those who follow
    /// the account; ids the platform does not know are left out.
    func followers(among authorIDs: [String], credential: String) async throws(PlatformError) -> Set<String>
}
