import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore

/// Runs one publish job: drives the publication through `PublicationState`, asking the
/// platform whether a post exists before ever sending again after an unknown outcome.
public struct Publisher: Sendable {
    public let queue: JobQueue
    public let box: SecretBox
    public let platform: @Sendable (Platform) -> (any SocialPlatform)?

    public init(queue: JobQueue, box: SecretBox, platform: @escaping @Sendable (Platform) -> (any SocialPlatform)?) {
        self.queue = queue
        self.box = box
        self.platform = platform
    }

    /// Takes due publish jobs and runs them concurrently (each touches only its own publication
    /// and job rows); returns how many it handled.
    @discardableResult
    public func runOnce(limit: Int = 10, now: Date = Date(), on database: any Database) async throws -> Int {
        let jobs = try await queue.take(limit: limit, kinds: [Scheduler.publishKind], now: now, on: database)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for job in jobs {
                group.addTask {
                    // Shutting down: give back what has not started, so another worker takes it at once.
                    if Task.isCancelled {
                        try await queue.release(job, now: now, on: database)
                    } else {
                        try await run(job, now: now, on: database)
                    }
                }
            }
            try await group.waitForAll()
        }
        return jobs.count
    }

    public func run(_ job: LeasedJob, now: Date = Date(), on database: any Database) async throws {
        guard let id = UUID(uuidString: job.payload),
              let publication = try await PublicationRecord.find(id, on: database),
              let channel = try await SocialChannel.find(publication.$channel.id, on: database),
              let post = try await Post.find(publication.$post.id, on: database),
              let target = try await PostTarget.find(publication.$target.id, on: database),
              let workspace = try await Workspace.find(publication.$workspace.id, on: database)
        else {
            try await queue.failed(job, error: "publication or its post is gone", retryable: false, now: now, on: database)
            return
        }
        func save(_ state: PublicationState) async throws {
            publication.state = state
            try await publication.save(on: database)
        }
        guard let kind = channel.platform, let connector = platform(kind) else {
            try await save(.failed(reason: "no connector for \(channel.platformName)", retryable: false))
            try await queue.failed(job, error: "no connector", retryable: false, now: now, on: database)
            return
        }
        let credential: String
        do { credential = try channel.openCredential(with: box) } catch {
            try await save(.failed(reason: "the stored credential cannot be opened: \(error)", retryable: false))
            try await queue.failed(job, error: "credential", retryable: false, now: now, on: database)
            return
        }

        let mediaIDs = target.ownMediaIDs ?? post.mediaIDs
        let files = mediaIDs.isEmpty ? [] : try await MediaFile.query(on: database).filter(\.$id ~~ mediaIDs).all()
        let utm = try await post.campaignID.asyncFlatMap { try await Campaign.find($0, on: database) }?.utm
        let check = VariantCheck.prepare(text: target.text ?? post.text, media: files.map(\.asMediaItem), platform: kind,
                                         voice: workspace.brandVoice, isAd: post.isAd, advertiser: post.adAdvertiser,
                                         token: post.adToken, adTemplate: workspace.adLabelTemplate, utm: utm)
        let request = PublishRequest(text: check.finalText, idempotencyKey: publication.idempotencyKey, options: target.options)

        var state = publication.state
        // The job came back while the publication says "publishing": its worker died mid-request.
        if case .publishing = state { state = try state.applying(.leaseExpired) }
        if case .unknown = state {
            do {
                if let found = try await connector.findPublished(request, credential: credential) {
                    try await save(try state.applying(.foundOnPlatform(remoteID: found.remoteID, url: found.url?.absoluteString,
                                                                       at: found.publishedAt)))
                    try await queue.succeeded(job, now: now, on: database)
                    return
                }
                state = try state.applying(.notFoundOnPlatform)
            } catch {
                try await save(state)
                try await queue.failed(job, error: "reconcile: \(error)", retryable: true, now: now, on: database)
                return
            }
        }
        guard state.maySend else {
            try await queue.succeeded(job, now: now, on: database)  // already published or failed: nothing to do
            return
        }

        // Record the attempt before sending, so a crash from here on is seen as "unknown".
        try await save(try state.applying(.leased(owner: queue.owner, attempt: job.attempts)))
        guard check.isPublishable else {
            let reason = check.findings.first { $0.severity == .block }?.message.rendered(in: .en) ?? "blocked"
            try await save(.failed(reason: reason, retryable: false))
            try await queue.failed(job, error: reason, retryable: false, now: now, on: database)
            return
        }
        let outcome: Result<PublishedPost, PlatformError>
        do {
            outcome = .success(try await connector.publish(request, credential: credential))
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(let published):
            try await save(try publication.state.applying(.accepted(remoteID: published.remoteID, url: published.url?.absoluteString,
                                                                    at: published.publishedAt)))
            try await queue.succeeded(job, now: now, on: database)
        case .failure(let error):
            try await handle(error, job: job, publication: publication, now: now, on: database)
        }
    }

    private func handle(_ error: PlatformError, job: LeasedJob, publication: PublicationRecord, now: Date,
                        on database: any Database) async throws {
        let event: PublicationEvent
        var retryAfter: Duration?
        switch error {
        case .outcomeUnknown(let message): event = .outcomeUnknown(reason: message)
        case .transient(let message): event = .refused(reason: message, retryable: true)
        case .rateLimited(let after):
            event = .refused(reason: "rate limited", retryable: true)
            retryAfter = after
        case .rejected(let message), .unauthorized(let message): event = .refused(reason: message, retryable: false)
        }
        var next = try publication.state.applying(event)
        // Scheduled again (a retryable refusal) or unknown (must reconcile): the job comes back.
        let retryable = next == .scheduled || next.name == "unknown"
        if retryable && job.attempts >= job.maxAttempts, case .scheduled = next {
            next = .failed(reason: "gave up after \(job.attempts) attempts: \(error)", retryable: true)
        }
        publication.state = next
        try await publication.save(on: database)
        try await queue.failed(job, error: "\(error)", retryable: retryable, retryAfter: retryAfter, now: now, on: database)
    }
}

