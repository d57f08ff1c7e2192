import FluentKit

/// Every schema change, in order. Append only: a released migration is never edited.
public enum HeraldMigrations {
    public static let all: [any Migration] = [
        M0001_CreateTenancy(),
        M0002_CreateAuth(),
        M0003_CreateChannelsAndPosts(),
        M0004_CreatePostTargetsAndVoice(),
        M0005_CreateCampaigns(),
        M0006_AddScheduling(),
        M0007_CreatePostEvents(),
        M0008_CreateMediaFiles(),
        M0009_AddPostMedia(),
        M0010_CreateHashtagGroups(),
        M0011_AddTargetOptions(),
        M0012_CreateJobs(),
        M0013_CreatePublications(),
        M0014_AddPublishingControls(),
        M0015_CreateSandboxNetwork(),
        M0016_AddQueueIndexes(),
        M0017_TypedPublicationProblems(),
        M0018_CreatePublicationSteps(),
        M0019_AddApprovalLinkRevision(),
        M0020_AddPostListIndexes(),
        M0021_OrderPostsByTimeAndID(),
        M0022_CreateOAuth(),
        M0023_AddThreads(),
        M0024_CreateInbox(),
        M0025_AddRussianAdLabels(),
        M0026_AddInboxAssignment(),
        M0027_CreateMetricSamples(),
        M0028_AddOAuthAccount(),
        M0029_InboxWork(),
        M0030_InboxRouting(),
        M0031_AddReplyApproval(),
        M0032_ServiceLevels(),
    ]
}
