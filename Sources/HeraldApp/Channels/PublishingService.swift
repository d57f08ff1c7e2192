import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldJobs
import HeraldStore
import SQLKit

/// What people do about publishing: retry a failed publication, see what needs attention
/// (failed or unknown publications, channels that need reconnecting or are held, notices from
/// the hourly sweep and credential checks), dismiss a notice, set up the signed webhook.
package enum PublishingService {
    /// How one channel's publication of a post stands, with what the audience did (Sandbox) and,
    /// while it waits past its time, until when and why.
    package struct Status: Sendable {
        package var publication: PublicationRecord
        package var engagement: [SandboxEventKind: Int]?
        package var hold: (until: Date, hold: PublicationHold)?
        /// The first comment, once the post is out and it has one.
        package var firstComment: PublicationStep?
        /// The thread's later posts, in order, once the post is out.
        package var thread: [PublicationStep]
        /// Pinning it, when asked for.
        package var pin: PublicationStep?
        /// Deleting it from the platform, when asked for.
        package var removal: PublicationStep?
        /// Corrections of its text on the platform, in order.
        package var edits: [PublicationStep]
        /// The latest numbers its platform gave (only those it gives).
        package var metrics: [PostMetric: Int] = [:]
        /// Its numbers reading by reading (empty before the first reading).
        package var series = MetricSeries(samples: [])

        package init(publication: PublicationRecord, engagement: [SandboxEventKind: Int]? = nil,
                     hold: (until: Date, hold: PublicationHold)? = nil, firstComment: PublicationStep? = nil, thread: [PublicationStep] = [],
                     pin: PublicationStep? = nil, removal: PublicationStep? = nil, edits: [PublicationStep] = []) {
            self.edits = edits
            self.thread = thread
            self.pin = pin
            self.removal = removal
            self.firstComment = firstComment
            self.publication = publication
            self.engagement = engagement
            self.hold = hold
        }
    }

    /// The post's publications, their channels loaded — what the post page and the API show.
    package static func statuses(of postID: UUID, access: WorkspaceAccess, now: Date = Date(), on database: any Database) async throws -> [Status] {
        let publications = try await PublicationRecord.scoped(to: access.workspaceID, on: database)
            .filter(\.$post.$id == postID).with(\.$channel).all()
        guard !publications.isEmpty else { return [] }
        let engagement = try await SandboxNetwork.engagement(
            remoteIDs: publications.filter { $0.channel.platform == .sandbox }.compactMap(\.remoteID), on: database)
        let held = try await PublishBatch.held(publications.filter { $0.kind == .scheduled }.compactMap(\.id), now: now,
                                               on: database)
        let steps = try await PublicationStep.scoped(to: access.workspaceID, on: database)
            .filter(\.$publication.$id ~~ publications.compactMap(\.id)).all()
        let numbers = try await MetricsSync.latest(publications.compactMap(\.id), on: database)
        let samples = try await MetricsSync.samples(publications.compactMap(\.id), on: database)
        return publications.map { publication in
            // The Sandbox keeps its audience's counts with Herald: zero until someone acts. Elsewhere
            // the numbers come from the platform's insights (`metrics`), so none here.
            let counts = publication.channel.platform == .sandbox ? publication.remoteID.map { engagement[$0] ?? [:] } : nil
            var status = Status(publication: publication, engagement: counts,
                   hold: publication.id.flatMap { held[$0] },
                   firstComment: steps.first { $0.$publication.id == publication.id && $0.kind == .firstComment },
                   thread: steps.filter { $0.$publication.id == publication.id }.compactMap { step -> (Int, PublicationStep)? in
                       guard case .threadPart(let number)? = step.kind else { return nil }
                       return (number, step)
                   }.sorted { $0.0 < $1.0 }.map(\.1),
                   pin: steps.first { $0.$publication.id == publication.id && $0.kind == .pin },
                   removal: steps.first { $0.$publication.id == publication.id && $0.kind == .removal },
                   edits: steps.filter { $0.$publication.id == publication.id }.compactMap { step -> (Int, PublicationStep)? in
                       guard case .edit(let number)? = step.kind else { return nil }
                       return (number, step)
                   }.sorted { $0.0 < $1.0 }.map(\.1))
            status.metrics = publication.id.flatMap { numbers[$0] } ?? [:]
            status.series = MetricSeries(samples: publication.id.flatMap { samples[$0] } ?? [])
            return status
        }
    }

    /// A failed publication goes back on the queue now (the post's other channels are untouched).
    package static func retry(_ access: WorkspaceAccess, postID: UUID, publicationID: UUID, now: Date = Date(),
                      on database: any Database) async throws -> PublicationRecord {
        try access.require(.editPosts)
        guard let publication = try await PublicationRecord.scoped(to: access.workspaceID, on: database)
            .filter(\.$id == publicationID).filter(\.$post.$id == postID).first() else { throw AppError.notFound }
        guard publication.kind == .failed else {
            throw AppError.conflict(ValidationError(code: "not_failed", field: nil,
                                                    message: .init(.retryNotFailed, publication.stateName)))
        }
        try await database.writeTransaction { tx in try await requeue(publication, now: now, on: tx) }
        return publication
    }

    /// Deletes a published post from its platform (and its thread and first comment where those
    /// are posts of their own), as a step of the publication: durable, retried, visible. The
    /// publication stays published — it went out — with the removal beside it.
    package static func remove(_ access: WorkspaceAccess, postID: UUID, publicationID: UUID, connectors: Connectors, now: Date = Date(),
                               on database: any Database) async throws {
        try access.require(.editPosts)
        guard let publication = try await PublicationRecord.scoped(to: access.workspaceID, on: database)
            .filter(\.$id == publicationID).filter(\.$post.$id == postID).with(\.$channel).first() else { throw AppError.notFound }
        guard publication.kind == .published else {
            throw AppError.conflict(ValidationError(code: "not_published", field: nil, message: .init(.removeNotPublished, publication.stateName)))
        }
        let platform = publication.channel.platform
        guard let platform, connectors.connector(for: platform) is any Deleting else {
            throw AppError.conflict(ValidationError(code: "not_available", field: nil,
                                                    message: .init(.checkNotAvailable, platform?.displayName ?? publication.channel.platformName)))
        }
        try await database.writeTransaction { tx in
            try await PublicationSteps.requestRemoval(publicationID: publicationID, workspaceID: access.workspaceID, now: now, on: tx)
        }
    }

    /// Corrects a published post's text on its platform (Mastodon, Telegram, VK), as a numbered
    /// step of the publication. The text is checked as the composer checks it for this channel;
    /// Herald keeps what was first published and each correction.
    package static func edit(_ access: WorkspaceAccess, postID: UUID, publicationID: UUID, text raw: String?, connectors: Connectors,
                             now: Date = Date(), on database: any Database) async throws {
        try access.require(.editPosts)
        guard let publication = try await PublicationRecord.scoped(to: access.workspaceID, on: database)
            .filter(\.$id == publicationID).filter(\.$post.$id == postID).with(\.$channel).first() else { throw AppError.notFound }
        guard publication.kind == .published else {
            throw AppError.conflict(ValidationError(code: "not_published", field: nil, message: .init(.editNotPublished, publication.stateName)))
        }
        let channel = publication.channel
        guard let platform = channel.platform, connectors.connector(for: platform) is any Editing else {
            throw AppError.conflict(ValidationError(code: "not_available", field: nil,
                                                    message: .init(.checkNotAvailable, channel.platform?.displayName ?? channel.platformName)))
        }
        let text = try PostService.validText(raw)
        guard let post = try await Post.find(postID, on: database) else { throw AppError.notFound }
        // The correction is checked like the post itself on this channel (limits, voice, media).
        let outgoing = try await PostService.outgoing(of: post, workspace: access.workspace, on: database)
            .first { $0.0.id == publication.$target.id }?.2
        var context = try await PostService.assemblyContext(isAd: post.isAd, advertiser: post.adAdvertiser, token: post.adToken,
                                                            campaignID: post.campaignID, workspace: access.workspace, on: database)
        context.shortening = nil  // a correction goes out as typed
        let check = PostService.assemble(VariantContent(text: text, media: outgoing?.media ?? []), for: platform, context: context,
                                         rules: channel.rules).check
        if let blocking = check.findings.first(where: { $0.severity == .block }) {
            throw ValidationError(code: blocking.code, field: "text", message: blocking.message)
        }
        try await database.writeTransaction { tx in
            try await PublicationSteps.requestEdit(publicationID: publicationID, workspaceID: access.workspaceID, text: check.finalText,
                                                   now: now, on: tx)
        }
    }

    /// After reconnecting: the channel's publications that failed for want of a credential.
    package static func retryReconnectFailures(channelID: UUID, workspaceID: UUID, now: Date = Date(), on database: any Database) async throws -> Int {
        let failed = try await PublicationRecord.scoped(to: workspaceID, on: database)
            .filter(\.$channel.$id == channelID).filter(\.$stateName == PublicationState.Kind.failed.rawValue)
            .filter(\.$problemName == PublicationProblem.needsReconnect.rawValue).all()
        for publication in failed { try await requeue(publication, now: now, on: database) }
        return failed.count
    }

    private static func requeue(_ publication: PublicationRecord, now: Date, on database: any Database) async throws {
        publication.state = try publication.state.applying(.retryRequested)
        publication.problemName = nil
        publication.platformMessage = nil
        try await publication.save(on: database)
        try await DuePublications.requeue(publication.requireID(), now: now, on: database)
    }

    /// What a person saw on the channel after an unknown outcome.
    package enum Sighting: Sendable, Equatable {
        /// The post is there (at this address, when given).
        case published(url: String?)
        /// It is not there: send it again.
        case missing
    }

    /// Resolves an unknown outcome by hand — where the platform cannot be read (Telegram), or
    /// sooner than the worker would. A publication marked published counts as published (and
    /// its post, when every channel is); one marked missing is sent again. Either way it is
    /// recorded who said so, and the post is no longer in flight.
    package static func resolve(_ access: WorkspaceAccess, postID: UUID, publicationID: UUID, _ sighting: Sighting,
                                now: Date = Date(), on database: any Database) async throws -> PublicationRecord {
        try access.require(.editPosts)
        let url = try sighting.validURL()
        return try await database.writeTransaction { tx in
            guard let publication = try await PublicationRecord.scoped(to: access.workspaceID, on: tx)
                .filter(\.$id == publicationID).filter(\.$post.$id == postID).first() else { throw AppError.notFound }
            guard publication.kind == .unknown else {
                throw AppError.conflict(ValidationError(code: "not_unknown", field: nil,
                                                        message: .init(.pubNotUnknown, publication.stateName)))
            }
            guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
            let who = access.user.name
            switch sighting {
            case .published:
                let state = try publication.state.applying(.confirmedPublished(remoteID: url ?? "", url: url, at: now))
                try await PublishBatch.record(publicationID, state, resolution: "marked published by \(who)", now: now, on: sql)
                try await PublishBatch.markPostsPublished([postID], now: now, on: sql)
                // Its first comment and thread follow, as they would have after an answer.
                if let post = try await Post.find(postID, on: tx),
                   let outgoing = try await PostService.outgoing(of: post, workspace: access.workspace, on: tx)
                    .first(where: { $0.0.id == publication.$target.id })?.2 {
                    if let comment = outgoing.firstComment {
                        try await PublicationSteps.createFirstComments([(publicationID, access.workspaceID, comment)], now: now, on: tx)
                    }
                    try await PublicationSteps.createThreads([(publicationID, access.workspaceID, outgoing.thread)], now: now, on: tx)
                    if outgoing.options["pin"] == "true" {
                        try await PublicationSteps.createPins([(publicationID, access.workspaceID)], now: now, on: tx)
                    }
                }
            case .missing:
                let state = try publication.state.applying(.confirmedMissing)
                try await PublishBatch.record(publicationID, state, resolution: "marked missing by \(who); sent again", now: now, on: sql)
                try await DuePublications.requeue(publicationID, now: now, on: tx)
            }
            guard let updated = try await PublicationRecord.find(publicationID, on: tx) else { throw AppError.notFound }
            return updated
        }
    }

    /// A post's numbers over time per publication that went out (a remote id), and nothing else —
    /// what the post-metrics API answers, without the engagement, steps and holds a status carries.
    package static func series(of postID: UUID, access: WorkspaceAccess, on database: any Database) async throws
        -> [(publication: PublicationRecord, series: MetricSeries)] {
        try access.require(.viewPosts)
        let publications = try await PublicationRecord.scoped(to: access.workspaceID, on: database).filter(\.$post.$id == postID)
            .filter(\.$remoteID != nil).sort(\.$createdAt).all()
        let samples = try await MetricsSync.samples(publications.compactMap(\.id), on: database)
        return publications.map { ($0, MetricSeries(samples: $0.id.flatMap { samples[$0] } ?? [])) }
    }

    package struct Attention: Sendable {
        package var publications: [PublicationRecord]
        /// First comments, thread parts and asked-for actions that failed or are unknown, with
        /// their publication (its post and channel).
        package var steps: [PublicationStep]
        package var channels: [SocialChannel]
        package var notices: [Notice]
        /// Posts past their time with no worker running (`PublishingWatch`).
        package var stalled: PublishingWatch.Stalled?

        package init(publications: [PublicationRecord], steps: [PublicationStep] = [], channels: [SocialChannel], notices: [Notice],
                     stalled: PublishingWatch.Stalled? = nil) {
            self.publications = publications
            self.steps = steps
            self.channels = channels
            self.notices = notices
            self.stalled = stalled
        }
    }

    /// Everything that did not go out as planned or soon will not, newest first.
    package static func attention(_ access: WorkspaceAccess, now: Date = Date(), on database: any Database) async throws -> Attention {
        try access.require(.viewPosts)
        let publications = try await PublicationRecord.scoped(to: access.workspaceID, on: database)
            .filter(\.$stateName ~~ [PublicationState.Kind.failed.rawValue, PublicationState.Kind.unknown.rawValue])
            .with(\.$channel).with(\.$post)
            .sort(\.$updatedAt, .descending).limit(200).all()
        let channels = try await SocialChannel.scoped(to: access.workspaceID, on: database).filter(\.$archivedAt == nil).all().filter { channel in
            channel.state != .active || (channel.ratePausedUntil ?? .distantPast) > now
        }
        let notices = try await Notice.scoped(to: access.workspaceID, on: database).filter(\.$resolvedAt == nil)
            .with(\.$post).with(\.$channel).sort(\.$createdAt, .descending).limit(200).all()
        let steps = try await PublicationStep.scoped(to: access.workspaceID, on: database)
            .filter(\.$stateName ~~ [PublicationState.Kind.failed.rawValue, PublicationState.Kind.unknown.rawValue])
            .with(\.$publication) { $0.with(\.$channel).with(\.$post) }
            .sort(\.$updatedAt, .descending).limit(200).all()
        let stalled = try await PublishingWatch.stalled(workspaceID: access.workspaceID, now: now, on: database)
        return Attention(publications: publications, steps: steps, channels: channels, notices: notices, stalled: stalled)
    }

    package static func dismiss(_ access: WorkspaceAccess, noticeID: UUID, now: Date = Date(), on database: any Database) async throws {
        try access.require(.editPosts)
        guard let notice = try await Notice.scoped(to: access.workspaceID, on: database).filter(\.$id == noticeID).first() else {
            throw AppError.notFound
        }
        notice.resolvedAt = now
        try await notice.save(on: database)
    }

    /// Sets the webhook URL; a new secret is made when there is none (or `rotate`), and returned
    /// only then — it is stored sealed and never shown again.
    package static func setWebhook(_ access: WorkspaceAccess, url raw: String?, rotate: Bool = false, box: SecretBox,
                                   outbound: OutboundGuard, on database: any Database) async throws -> String? {
        try access.require(.manageSettings)
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw ValidationError(code: "required", field: "url", message: .init(.errorRequired)) }
        guard text.count <= 2000, let url = URL(string: text), ["https", "http"].contains(url.scheme?.lowercased() ?? ""),
              url.host?.isEmpty == false else {
            throw ValidationError(code: "invalid_url", field: "url", message: .init(.errorInvalidURL, text))
        }
        do { try await outbound.check(text) } catch {
            throw ValidationError(code: "private_address", field: "url", message: .init(error.unresolved ? .errorUnresolvedHost : .errorPrivateAddress, error.host))
        }
        let workspace = access.workspace
        workspace.webhookURL = text
        var secret: String?
        if rotate || workspace.sealedWebhookSecret == nil {
            let fresh = WebhookSignature.newSecret()
            workspace.sealedWebhookSecret = try box.seal(Data(fresh.utf8), context: Workspace.webhookSecretContext(workspaceID: access.workspaceID))
            secret = fresh
        }
        try await workspace.save(on: database)
        return secret
    }

    package static func removeWebhook(_ access: WorkspaceAccess, on database: any Database) async throws {
        try access.require(.manageSettings)
        access.workspace.webhookURL = nil
        access.workspace.sealedWebhookSecret = nil
        try await access.workspace.save(on: database)
    }

    /// A notice in words.
    package static func message(_ notice: Notice) -> LocalizedText {
        let detail = notice.detail ?? ""
        let channel = notice.channel?.name ?? ""
        switch notice.kind {
        case .missedPost?: return LocalizedText(.noticeMissedPost, detail)
        case .credentialExpiring?: return LocalizedText(.noticeCredentialExpiring, channel, detail)
        case .credentialExpired?, nil: return LocalizedText(.noticeCredentialExpired, channel, detail)
        }
    }
}

extension PublishingService.Sighting {
    /// The link a person gave, checked: an http(s) address or nothing.
    func validURL() throws -> String? {
        guard case .published(let raw) = self, let text = raw?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard text.count <= 2000, let url = URL(string: text), ["https", "http"].contains(url.scheme?.lowercased() ?? ""),
              url.host?.isEmpty == false else {
            throw ValidationError(code: "invalid_url", field: "url", message: .init(.errorInvalidURL, text))
        }
        return text
    }
}
