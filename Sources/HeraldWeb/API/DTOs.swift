import Fluent
import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

// What the REST API returns. Field names are snake_case; dates ISO 8601 in UTC.

struct WorkspaceDTO: Content {
    var id: UUID
    var name: String
    var timeZone: String
    var language: String
    var approvalRequired: Bool
    var russianAdLabels: Bool
    var replyApproval: Bool
    var role: Role
    var createdAt: Date?

    init(_ workspace: Workspace, role: Role) throws {
        id = try workspace.requireID()
        name = workspace.name
        timeZone = workspace.timeZone
        language = workspace.language
        approvalRequired = workspace.approvalRequired
        russianAdLabels = workspace.russianAdLabels
        replyApproval = workspace.replyApproval
        self.role = role
        createdAt = workspace.createdAt
    }
}

struct MemberDTO: Content {
    var userId: UUID
    var email: String
    var name: String
    var role: Role
    var joinedAt: Date?
    /// A new account added without a password, when this installation sends no e-mail: the link
    /// that sets it, to pass on (shown in this answer only).
    var inviteUrl: String?
    /// A new account added without a password: whether the invitation went by e-mail.
    var invitationMailed: Bool?

    init(_ membership: Membership) throws {
        userId = membership.$user.id
        email = membership.user.email
        name = membership.user.name
        role = membership.role
        joinedAt = membership.createdAt
    }
}

struct ChannelDTO: Content {
    var id: UUID
    var platform: String
    var name: String
    var state: ChannelState
    /// Why it is not active (the platform's words), when it is not.
    var stateReason: String?
    /// A 429 holds this account's posts until then.
    var ratePausedUntil: Date?
    var budget: BudgetDTO
    var credentialExpiresAt: Date?
    var postingSlots: [String]
    var createdAt: Date?

    struct BudgetDTO: Content {
        /// Nil (with `unlimited`) when the channel has no budget.
        var count: Int?
        var hours: Double?
        /// False when the platform's default applies.
        var custom: Bool
        var unlimited: Bool
    }

    init(_ channel: SocialChannel) throws {
        id = try channel.requireID()
        platform = channel.platformName
        name = channel.name
        state = channel.state
        stateReason = channel.stateReason
        ratePausedUntil = channel.ratePausedUntil.flatMap { $0 > Date() ? $0 : nil }
        let budget = channel.rateBudget
        self.budget = BudgetDTO(count: budget?.count, hours: budget.map { Double($0.seconds) / 3600 }, custom: channel.budgetCount != nil,
                                unlimited: budget == nil)
        credentialExpiresAt = channel.credentialExpiresAt
        postingSlots = channel.postingSlots.map(\.text)
        createdAt = channel.createdAt
    }
}

struct NoticeDTO: Content {
    var id: UUID
    var kind: String
    var message: String
    var postId: UUID?
    var channelId: UUID?
    var createdAt: Date
}

struct AttentionDTO: Content {
    /// A publication, or a later step of one (first comment, thread part, an asked-for action),
    /// that failed or is unknown.
    struct Problem: Content {
        var postId: UUID
        var publicationId: UUID
        /// Only for a step: its id and kind (first_comment, thread:N, pin, remove, edit:N).
        var stepId: UUID?
        var kind: String?
        var channelId: UUID
        var channelName: String
        var state: String
        /// A `PublicationProblem` code.
        var problem: String?
        /// What happened and what to do, in the caller's language.
        var message: String
        /// The platform's own words.
        var platformMessage: String?
        var updatedAt: Date?

        init(_ publication: PublicationRecord, language: Language) {
            postId = publication.$post.id
            publicationId = publication.id ?? UUID()
            channelId = publication.$channel.id
            channelName = publication.channel.name
            state = publication.stateName
            problem = publication.problemName
            message = PublicationDescription(publication, channel: publication.channel).text(in: language)
            platformMessage = publication.platformMessage
            updatedAt = publication.updatedAt
        }

        init(step: PublicationStep, language: Language) throws {
            self.init(step.publication, language: language)
            let channel = step.publication.channel
            stepId = try step.requireID()
            kind = step.kindName
            state = step.stateName
            problem = step.problemName
            message = (step.state.problem?.kind ?? .gaveUp).sentence(channel: channel.name, platform: channel.platform).rendered(in: language)
            platformMessage = step.platformMessage
            updatedAt = step.updatedAt
        }
    }

    var publications: [Problem]
    var steps: [Problem]
    var channels: [ChannelDTO]
    var notices: [NoticeDTO]
    /// What waits for the caller themselves (the bell's counts and the approval queue).
    var waiting: WaitingDTO
    /// Present when scheduled posts are past their time and no worker is running (`PublishingWatch`).
    var publishingStopped: Stopped?

    struct Stopped: Content {
        var message: String
        /// no_worker, not_scheduling
        var reason: String
        var overduePosts: Int
        var firstDue: Date
        /// no_worker: the latest beat of any worker; absent when none has ever run.
        var workerSeenAt: Date?
        /// not_scheduling: when a worker last ran the scheduler; absent when none has.
        var lastScheduledAt: Date?

        init(_ stalled: PublishingWatch.Stalled, zone: TimeZoneName, language: Language) {
            message = stalled.text(in: zone, language: language).rendered(in: language)
            reason = stalled.cause.code
            overduePosts = stalled.overdue
            firstDue = stalled.firstDue
            switch stalled.cause {
            case .noWorker(let seen): workerSeenAt = seen
            case .notScheduling(let led): lastScheduledAt = led
            }
        }
    }
}

/// The approval queue of the person asking: posts and inbox answers to approve (for those who
/// approve), their own posts sent back, how many inbox items are assigned to them.
struct WaitingDTO: Content {
    struct PostToApprove: Content {
        var postId: UUID
        var excerpt: String
        var updatedAt: Date?
    }

    struct ReplyToApprove: Content {
        var replyId: UUID
        var itemId: UUID
        var authorName: String
        var text: String
        var createdAt: Date?
    }

    struct Returned: Content {
        var postId: UUID
        var excerpt: String
        var by: String
        var comment: String?
        var at: Date
    }

    var counts: Waiting.Counts
    var postsToApprove: [PostToApprove]
    var repliesToApprove: [ReplyToApprove]
    var changesRequested: [Returned]

    init(_ queue: WaitingService.Queue) throws {
        counts = queue.counts
        postsToApprove = try queue.postsToApprove.map { PostToApprove(postId: try $0.requireID(), excerpt: $0.excerpt, updatedAt: $0.updatedAt) }
        repliesToApprove = try queue.repliesToApprove.map { reply in
            ReplyToApprove(replyId: try reply.requireID(), itemId: reply.$item.id, authorName: reply.item.authorName, text: reply.text,
                           createdAt: reply.createdAt)
        }
        changesRequested = try queue.changesRequested.map { returned in
            Returned(postId: try returned.post.requireID(), excerpt: returned.post.excerpt, by: returned.by, comment: returned.comment,
                     at: returned.at)
        }
    }
}

struct WebhookDTO: Content {
    var url: String?
    /// Shown once, when a secret is made; sign-check deliveries with it (see the README).
    var secret: String?
}

struct PostDTO: Content {
    var id: UUID
    var text: String
    var campaignId: UUID?
    var scheduledAt: Date?
    var status: PostStatus
    var authorId: UUID?
    var createdAt: Date?
    var updatedAt: Date?

    init(_ post: Post) throws {
        id = try post.requireID()
        text = post.text
        campaignId = post.campaignID
        scheduledAt = post.scheduledAt
        status = post.status
        authorId = post.$author.id
        createdAt = post.createdAt
        updatedAt = post.updatedAt
    }

    init(_ row: PostSummaries.Row) {
        id = row.id
        text = row.text
        campaignId = row.campaignID
        scheduledAt = row.scheduledAt
        status = PostStatus(rawValue: row.status) ?? .draft
        authorId = row.authorID
        createdAt = row.createdAt
        updatedAt = row.updatedAt
    }
}

/// Its keys as `APIJSON.encoder` orders them (snake_case, sorted); keep in step with the fields
/// (`WrittenJSONTests` compares the two on seeded lists).
extension PostDTO: WrittenJSON {
    func write(into writer: inout JSONWriter) {
        writer.beginObject()
        if let authorId { writer.key("author_id"); writer.uuid(authorId) }
        if let campaignId { writer.key("campaign_id"); writer.uuid(campaignId) }
        if let createdAt { writer.key("created_at"); writer.iso8601(createdAt) }
        writer.key("id"); writer.uuid(id)
        if let scheduledAt { writer.key("scheduled_at"); writer.iso8601(scheduledAt) }
        writer.key("status"); writer.string(status.rawValue)
        writer.key("text"); writer.string(text)
        if let updatedAt { writer.key("updated_at"); writer.iso8601(updatedAt) }
        writer.endObject()
    }
}

struct UserDTO: Content {
    var id: UUID
    var email: String
    var name: String
    var language: String?
    var organizationRole: OrganizationRole

    init(_ user: User) throws {
        id = try user.requireID()
        email = user.email
        name = user.name
        language = user.language
        organizationRole = user.orgRole
    }
}

struct TokenDTO: Content {
    var id: UUID
    var name: String
    var prefix: String
    var createdAt: Date?
    var lastUsedAt: Date?
    /// Present only in the answer to the request that created the token.
    var token: String?

    init(_ token: APIToken, secret: String? = nil) throws {
        id = try token.requireID()
        name = token.name
        prefix = token.prefix
        createdAt = token.createdAt
        lastUsedAt = token.lastUsedAt
        self.token = secret
    }
}

struct ListDTO<Item: Content>: Content {
    var items: [Item]
    /// Where the next page starts (`?offset=`), when there is one.
    var nextOffset: Int?
}

extension ListDTO: WrittenJSON where Item: WrittenJSON {
    func write(into writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("items")
        writer.beginArray()
        for item in items { item.write(into: &writer) }
        writer.endArray()
        if let nextOffset { writer.key("next_offset"); writer.int(nextOffset) }
        writer.endObject()
    }
}

/// One channel's check: what will be sent, its length against the limit, and what is wrong.
struct CheckDTO: Content {
    struct Finding: Content {
        var source: String
        var code: String
        var field: String
        var severity: String
        var message: String
    }

    var channelId: UUID?
    var channelName: String
    var platform: String
    var publishable: Bool
    var finalText: String
    var length: Int
    var limit: Int
    var findings: [Finding]

    init(channel: SocialChannel, check: VariantCheck, language: Language) {
        channelId = channel.id
        channelName = channel.name
        platform = check.platform.rawValue
        publishable = check.isPublishable
        finalText = check.finalText
        length = check.length
        limit = check.limit
        findings = check.findings.map {
            Finding(source: $0.source.rawValue, code: $0.code, field: $0.field, severity: $0.severity.rawValue,
                    message: $0.message.rendered(in: language))
        }
    }
}

/// A post with its targets, each with its variant and check.
struct PostDetailDTO: Content {
    struct Target: Content {
        var channelId: UUID
        var text: String?
        var firstComment: String?
        var link: String?
        /// The posts that follow as a thread.
        var thread: [String]
        /// This channel's own files, when it does not use the post's.
        var media: [UUID]?
        var options: [String: String]
        var check: CheckDTO
        var publication: PublicationDTO?
    }

    struct PublicationDTO: Content {
        var id: UUID
        var state: String
        var attempt: Int
        var remoteId: String?
        var url: String?
        var publishedAt: Date?
        /// A `PublicationProblem` code, for failed and unknown publications and retried faults.
        var problem: String?
        /// The state in a sentence, with what to do, in the caller's language.
        var message: String
        /// The platform's own words.
        var platformMessage: String?
        /// How an unknown outcome was resolved.
        var resolution: String?
        /// What the audience did, where Herald can see it (the Sandbox network today).
        var engagement: EngagementDTO?
        /// Waiting past its time (paused or rate-limited account, rate budget, retry): until when and why.
        var heldUntil: Date?
        var heldReason: String?
        /// The first comment, sent as its own step once the post is out.
        var firstComment: StepDTO?
        /// The thread's later posts, each its own step, in order.
        var thread: [StepDTO]
        /// Pinning the post, when asked for.
        var pin: StepDTO?
        /// Deleting it from the platform, when asked for.
        var removal: StepDTO?
        /// Corrections of its text on the platform, in order.
        var edits: [StepDTO]
        /// The latest numbers the platform gave; a metric it does not give is absent, never zero.
        var metrics: [String: Int]

        struct StepDTO: Content {
            var state: String
            var text: String
            var remoteId: String?
            var url: String?
            var publishedAt: Date?
            var problem: String?
            var platformMessage: String?
        }

        init(_ status: PublishingService.Status, channel: SocialChannel, language: Language) {
            let record = status.publication
            id = record.id ?? UUID()
            state = record.stateName
            attempt = record.attempt
            remoteId = record.remoteID
            url = record.url
            publishedAt = record.publishedAt
            problem = record.problemName
            message = PublicationDescription(record, channel: channel).summary.rendered(in: language)
            platformMessage = record.platformMessage
            resolution = record.resolution
            engagement = status.engagement.map(EngagementDTO.init)
            heldUntil = status.hold?.until
            heldReason = status.hold.map { $0.hold.sentence.text(in: language) }
            func dto(_ step: PublicationStep) -> StepDTO {
                StepDTO(state: step.stateName, text: step.text, remoteId: step.remoteID, url: step.url, publishedAt: step.publishedAt,
                        problem: step.problemName, platformMessage: step.platformMessage)
            }
            firstComment = status.firstComment.map(dto)
            thread = status.thread.map(dto)
            pin = status.pin.map(dto)
            removal = status.removal.map(dto)
            edits = status.edits.map(dto)
            metrics = Dictionary(uniqueKeysWithValues: status.metrics.map { ($0.key.rawValue, $0.value) })
        }
    }

    struct EngagementDTO: Content {
        var likes, shares, comments, clicks, messages, follows: Int

        init(_ counts: [SandboxEventKind: Int]) {
            likes = counts[.like] ?? 0
            shares = counts[.share] ?? 0
            comments = counts[.comment] ?? 0
            clicks = counts[.click] ?? 0
            messages = counts[.message] ?? 0
            follows = counts[.follow] ?? 0
        }
    }

    struct Ad: Content {
        var advertiser: String?
        var token: String?
    }

    var id: UUID
    var text: String
    var status: PostStatus
    var authorId: UUID?
    var campaignId: UUID?
    var media: [UUID]
    var scheduledAt: Date?
    var scheduledLocal: String?
    var scheduledZone: String?
    /// How an ambiguous or impossible wall-clock time was read (DST changes), when it was.
    var scheduleNote: String?
    var ad: Ad?
    var targets: [Target]
    var createdAt: Date?
    var updatedAt: Date?

    static func make(_ post: Post, access: WorkspaceAccess, language: Language, note: LocalizedText? = nil,
                     on database: any Database) async throws -> Self {
        let checks = try await PostService.checks(of: post, access: access, on: database)
        let statuses = Dictionary(try await PublishingService.statuses(of: post.requireID(), access: access, on: database)
            .map { ($0.publication.$target.id, $0) }, uniquingKeysWith: { $1 })
        return PostDetailDTO(
            id: try post.requireID(), text: post.text, status: post.status, authorId: post.$author.id,
            campaignId: post.campaignID, media: post.mediaIDs, scheduledAt: post.scheduledAt, scheduledLocal: post.scheduledLocal,
            scheduledZone: post.scheduledZone, scheduleNote: note?.rendered(in: language),
            ad: post.isAd ? Ad(advertiser: post.adAdvertiser, token: post.adToken) : nil,
            targets: checks.map { target, channel, check in
                Target(channelId: channel.id!, text: target.text, firstComment: target.firstComment, link: target.link, thread: target.thread,
                       media: target.ownMediaIDs, options: target.options,
                       check: CheckDTO(channel: channel, check: check, language: language),
                       publication: target.id.flatMap { statuses[$0] }.map { PublicationDTO($0, channel: channel, language: language) })
            },
            createdAt: post.createdAt, updatedAt: post.updatedAt)
    }
}

struct CampaignDTO: Content {
    var id: UUID
    var name: String
    var theme: String
    var colour: String
    var startsOn: String?
    var endsOn: String?
    var goal: String
    var defaultHashtags: String
    var utmSource: String?
    var utmMedium: String?
    var utmCampaign: String?
    /// Only when one campaign is asked for.
    var posts: [PostDTO]?

    init(_ campaign: Campaign, posts: [Post]? = nil) throws {
        id = try campaign.requireID()
        name = campaign.name
        theme = campaign.theme
        colour = campaign.colour
        startsOn = campaign.startsOn
        endsOn = campaign.endsOn
        goal = campaign.goal
        defaultHashtags = campaign.defaultHashtags
        utmSource = campaign.utmSource
        utmMedium = campaign.utmMedium
        utmCampaign = campaign.utmCampaign
        self.posts = try posts?.map(PostDTO.init)
    }
}

struct EventDTO: Content {
    var action: String
    var actorName: String
    var actorId: UUID?
    var fromStatus: String
    var toStatus: String
    var comment: String?
    var createdAt: Date

    init(_ event: PostEvent) {
        action = event.action
        actorName = event.actorName
        actorId = event.$actor.id
        fromStatus = event.fromStatus
        toStatus = event.toStatus
        comment = event.comment
        createdAt = event.createdAt
    }
}

struct ApprovalLinkDTO: Content {
    var url: String
    var expiresAt: Date
}

struct ImportReportDTO: Content {
    struct Problem: Content {
        var line: Int
        var column: String
        var message: String
    }

    var rows: Int
    var valid: Int
    var imported: Int
    var problems: [Problem]

    init(_ report: ImportService.Report, language: Language) {
        rows = report.rows
        valid = report.valid
        imported = report.imported
        problems = report.problems.map { Problem(line: $0.line, column: $0.column, message: $0.text(in: language)) }
    }
}

struct MediaDTO: Content {
    struct Fit: Content {
        var platform: String
        var fits: Bool
        var problems: [String]
    }

    var id: UUID
    var fileName: String
    var format: String
    var bytes: Int
    var width: Int?
    var height: Int?
    var durationSeconds: Double?
    var altText: String
    var tags: [String]
    var folder: String
    var sha256: String
    var url: String
    var createdAt: Date?
    var fits: [Fit]

    init(_ file: MediaFile, workspaceID: UUID, language: Language) throws {
        id = try file.requireID()
        fileName = file.fileName
        format = file.formatName
        bytes = file.bytes
        width = file.width
        height = file.height
        durationSeconds = file.durationMilliseconds.map { Double($0) / 1000 }
        altText = file.altText
        tags = file.tagList
        folder = file.folder
        sha256 = file.sha256
        url = "/api/v1/workspaces/\(workspaceID)/media/\(id)/file"
        createdAt = file.createdAt
        fits = MediaService.fits(file).map { platform, problems in
            Fit(platform: platform.rawValue, fits: problems.isEmpty, problems: problems.map { $0.message.rendered(in: language) })
        }
    }
}

struct HashtagGroupDTO: Content {
    var id: UUID
    var name: String
    var tags: String

    init(_ group: HashtagGroup) throws {
        id = try group.requireID()
        name = group.name
        tags = group.tags
    }
}
