import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore
import SQLKit

/// Sends the later steps of publications — first comments and thread parts — one job at a time,
/// with the publication's own protocol: "publishing" is recorded before anything leaves; a step
/// found "publishing" again (its worker died) is unknown, and the platform is read before any new
/// attempt; a refusal fails visibly. A thread part answers the part before it, and the next
/// part's job is queued in the same transaction that records this one as out, so a thread
/// resumes after its last confirmed part and no part is sent twice or lost. Few and small next
/// to the posts themselves, so no batching.
public struct StepPublisher: Sendable {
    public let queue: JobQueue
    public let box: SecretBox
    public let platform: @Sendable (Platform) -> (any SocialPlatform)?
    /// Tells the post's author, owners and administrators when a step fails for good or needs a
    /// person, as a publication's problem is told (nil: no mail server or bot).
    public var notifier: Notifier?

    public init(queue: JobQueue, box: SecretBox, platform: @escaping @Sendable (Platform) -> (any SocialPlatform)?) {
        self.queue = queue
        self.box = box
        self.platform = platform
    }

    /// Takes up to `limit` due step jobs and runs them; returns how many it took.
    @discardableResult
    public func runOnce(limit: Int = 20, now: Date = Date(), on database: any Database) async throws -> Int {
        let jobs = try await queue.take(limit: limit, kinds: [PublicationSteps.jobKind], now: now, on: database)
        for job in jobs { try await run(job, now: now, on: database) }
        return jobs.count
    }

    private enum Next {
        case done
        case retry(Duration?)
        case fail
    }

    private func run(_ job: LeasedJob, now: Date, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        guard let id = UUID(text: job.payload),
              let step = try await PublicationStep.query(on: database).filter(\.$id == id).with(\.$publication, { $0.with(\.$channel) }).first()
        else {
            try await queue.failed(job, error: "the step is gone", retryable: false, now: now, on: database)
            return
        }
        let (next, state, note, resolution) = await decide(step, job: job, now: now, on: database)
        if let state {
            try await database.writeTransaction { tx in
                guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
                try await PublishBatch.record(id, state, note: note, resolution: resolution, table: PublicationStep.schema, now: now, on: sql)
                try await tell(step, state, now: now, on: tx)
                // The thread goes on from here.
                if case .published = state, case .threadPart(let number)? = step.kind,
                   let following = try await PublicationStep.query(on: tx).filter(\.$publication.$id == step.$publication.id)
                    .filter(\.$kindName == PublicationStep.Kind.threadPart(number + 1).rawValue).first(), let nextID = following.id {
                    try await PublicationSteps.enqueue(nextID, now: now, on: tx)
                }
            }
        }
        switch next {
        case .done: try await queue.succeeded(job, now: now, on: database)
        case .retry(let after):
            let gaveUp = job.attempts >= job.maxAttempts && (state ?? step.state) == .scheduled
            if gaveUp {
                let failed = PublicationState.failed(.gaveUp, platformMessage: note?.message)
                try await database.writeTransaction { tx in
                    guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
                    try await PublishBatch.record(id, failed, table: PublicationStep.schema, now: now, on: sql)
                    try await tell(step, failed, now: now, on: tx)
                }
            }
            try await queue.failed(job, error: PublicationHold.retry.rawValue, retryable: true, retryAfter: after, now: now, on: database)
        case .fail: try await queue.failed(job, error: (state?.problem?.kind ?? .rejected).rawValue, retryable: false, now: now, on: database)
        }
    }

    /// A step that failed for good, or whose outcome needs a person, is told like a publication's
    /// problem, within the transaction that records it.
    private func tell(_ step: PublicationStep, _ state: PublicationState, now: Date, on database: any Database) async throws {
        guard let notifier, let problem = state.problem, state.kind == .failed || problem.kind == .askPerson,
              let stepID = step.id, let kind = step.kind,
              let workspace = try await Workspace.find(step.$workspace.id, on: database) else { return }
        let channel = step.publication.channel
        let platformName = channel.platform?.displayName ?? channel.platformName
        let what: LocalizedText = switch kind {
        case .firstComment: LocalizedText(.stepProblemFirstComment)
        case .threadPart(let number): LocalizedText(.stepProblemThread, String(number))
        case .pin, .removal, .edit, .media: LocalizedText(.stepProblemAction, platformName)
        }
        let reason = [what, problem.kind.sentence(channel: channel.name, platform: channel.platform),
                      PublicationProblem.platformSaid(channel.platform, problem.platformMessage)].compactMap { $0 }
        try await notifier.publicationProblem(publicationID: stepID, postID: step.publication.$post.id, workspace: workspace,
                                              channelName: channel.name, reason: reason, now: now, on: database)
    }

    /// What to do with one step, and the state to record.
    private func decide(_ step: PublicationStep, job: LeasedJob, now: Date, on database: any Database) async
        -> (Next, PublicationState?, (problem: PublicationProblem, message: String?)?, String?)
    {
        var state = step.state
        if case .publishing = state, let next = try? state.applying(.leaseExpired) { state = next }
        switch state.kind {
        case .published, .failed: return (.done, nil, nil, nil)
        default: break
        }
        let publication = step.publication, channel = publication.channel
        guard var parent = publication.remoteID, publication.kind == .published else {
            return (.retry(.seconds(60)), nil, nil, nil)  // the post is not out yet
        }
        if case .threadPart(let number)? = step.kind, number > 2 {
            // A part answers the part before it, once that one is out.
            let before = try? await PublicationStep.query(on: database).filter(\.$publication.$id == publication.id ?? UUID())
                .filter(\.$kindName == PublicationStep.Kind.threadPart(number - 1).rawValue).first()
            guard let before, before.kind == .threadPart(number - 1), before.state.kind == .published, let previous = before.remoteID else {
                return (.retry(.seconds(30)), nil, nil, nil)
            }
            parent = previous
        }
        if step.kind == .pin {
            return await pin(step, parent: parent, channel: channel, job: job, now: now, on: database)
        }
        if step.kind == .removal {
            return await remove(step, post: parent, channel: channel, now: now, on: database)
        }
        if case .edit(let number)? = step.kind {
            // A later correction wins: an earlier one retried after it would put old text back.
            let later = (try? await PublicationStep.query(on: database).filter(\.$publication.$id == step.$publication.id).all())?
                .contains { other in if case .edit(let n)? = other.kind { n > number } else { false } } ?? false
            if later { return (.done, .published(remoteID: parent, url: nil, at: now), nil, "superseded by a later correction") }
            return await correct(step, post: parent, channel: channel, now: now)
        }
        let threads = channel.rules.threads
        guard let kind = channel.platform, let connector = platform(kind) as? any FirstCommenting,
              step.kind == .firstComment || threads else {
            return state.mayBeOut ? (.retry(.seconds(60)), nil, nil, nil) : (.fail, .failed(.noConnector), nil, nil)
        }
        let credential: String
        do { credential = try channel.openCredential(with: box) } catch {
            return state.mayBeOut ? (.retry(.seconds(60)), nil, nil, nil) : (.fail, .failed(.needsReconnect), nil, nil)
        }
        var request = CommentRequest(parentRemoteID: parent, text: step.text, idempotencyKey: step.idempotencyKey,
                                     options: (try? await publication.$target.get(on: database))?.options ?? [:])
        if case .unknown = state {
            request.lookup = PublishRequest.Lookup(sentAt: step.sentAt ?? now.addingTimeInterval(-86_400))
            do {
                if let found = try await connector.findComment(request, credential: credential) {
                    return (.done, .published(remoteID: found.remoteID, url: found.url?.absoluteString, at: found.publishedAt), nil,
                            found.match ?? "found on the platform")
                }
            } catch {
                return (.retry(nil), state == step.state ? nil : state, nil, nil)
            }
            state = .scheduled
        }
        // Recorded before it leaves (the job's lease makes this worker the only one on it): a crash
        // from here on leaves it "publishing", and the platform is read before any new attempt.
        do {
            guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
            guard try await PublishBatch.record(try step.requireID(), .publishing(attempt: job.attempts, leaseOwner: queue.owner),
                                                table: PublicationStep.schema, now: now, on: sql) else {
                return (.done, nil, nil, nil)  // published meanwhile by the worker that had it before
            }
        } catch {
            return (.retry(nil), nil, nil, nil)
        }
        do {
            let sent = try await connector.comment(request, credential: credential)
            return (.done, .published(remoteID: sent.remoteID, url: sent.url?.absoluteString, at: sent.publishedAt), nil, nil)
        } catch {
            switch error {
            case .outcomeUnknown(let message): return (.retry(nil), .unknown(.noAnswer, platformMessage: message), nil, nil)
            case .transient(let message): return (.retry(nil), .scheduled, (.willRetry, message), nil)
            case .rateLimited(let after): return (.retry(after ?? .seconds(60)), .scheduled, (.willRetry, nil), nil)
            case .rejected(let message): return (.fail, .failed(.rejected, platformMessage: message), nil, nil)
            case .unauthorized(let message): return (.fail, .failed(.needsReconnect, platformMessage: message), nil, nil)
            }
        }
    }

    /// Pinning: the same pin again changes nothing, so an unknown outcome is simply pinned again.
    private func pin(_ step: PublicationStep, parent: String, channel: SocialChannel, job: LeasedJob, now: Date,
                     on database: any Database) async -> (Next, PublicationState?, (problem: PublicationProblem, message: String?)?, String?) {
        guard let kind = channel.platform, let connector = platform(kind) as? any Pinning else {
            return (.fail, .failed(.noConnector), nil, nil)
        }
        let credential: String
        do { credential = try channel.openCredential(with: box) } catch { return (.fail, .failed(.needsReconnect), nil, nil) }
        do {
            let silently = ((try? await step.publication.$target.get(on: database))?.options["disable_notification"]) == "true"
            try await connector.pin(remoteID: parent, credential: credential, silently: silently)
            return (.done, .published(remoteID: parent, url: step.publication.url, at: now), nil, nil)
        } catch {
            return Self.repeatable(error)
        }
    }

    /// Deleting from the platform: the thread's parts (last first) and the first comment where
    /// those are posts of their own, then the post. Deleting what is already gone is no error
    /// for the connectors, so a lost answer is simply deleted again.
    private func remove(_ step: PublicationStep, post: String, channel: SocialChannel, now: Date,
                        on database: any Database) async -> (Next, PublicationState?, (problem: PublicationProblem, message: String?)?, String?) {
        guard let kind = channel.platform, let connector = platform(kind) as? any Deleting else {
            return (.fail, .failed(.noConnector), nil, nil)
        }
        let credential: String
        do { credential = try channel.openCredential(with: box) } catch { return (.fail, .failed(.needsReconnect), nil, nil) }
        var targets: [String] = []
        if channel.rules.threads, let others = try? await PublicationStep.query(on: database)
            .filter(\.$publication.$id == step.$publication.id).all() {
            let parts = others.compactMap { other -> (Int, String)? in
                guard case .threadPart(let number)? = other.kind, other.state.kind == .published, let id = other.remoteID else { return nil }
                return (number, id)
            }.sorted { $0.0 > $1.0 }.map(\.1)
            targets += parts
            targets += others.filter { $0.kind == .firstComment && $0.state.kind == .published }.compactMap(\.remoteID)
        }
        targets.append(post)
        do {
            for remoteID in targets { try await connector.delete(remoteID: remoteID, credential: credential) }
            return (.done, .published(remoteID: post, url: nil, at: now), nil, nil)
        } catch {
            return Self.repeatable(error)
        }
    }

    /// A correction: the same text again changes nothing, so a lost answer is simply sent again.
    private func correct(_ step: PublicationStep, post: String, channel: SocialChannel, now: Date) async
        -> (Next, PublicationState?, (problem: PublicationProblem, message: String?)?, String?)
    {
        guard let kind = channel.platform, let connector = platform(kind) as? any Editing else {
            return (.fail, .failed(.noConnector), nil, nil)
        }
        let credential: String
        do { credential = try channel.openCredential(with: box) } catch { return (.fail, .failed(.needsReconnect), nil, nil) }
        do {
            try await connector.edit(remoteID: post, text: step.text, credential: credential)
            return (.done, .published(remoteID: post, url: nil, at: now), nil, nil)
        } catch {
            return Self.repeatable(error)
        }
    }

    /// A failed step that is safe to do again (pinning, deleting): passing faults and lost answers
    /// wait and retry; a refusal fails visibly.
    private static func repeatable(_ error: PlatformError) -> (Next, PublicationState?, (problem: PublicationProblem, message: String?)?, String?) {
        switch error {
        case .transient(let message), .outcomeUnknown(let message): (.retry(nil), .scheduled, (.willRetry, message), nil)
        case .rateLimited(let after): (.retry(after ?? .seconds(60)), .scheduled, (.willRetry, nil), nil)
        case .rejected(let message): (.fail, .failed(.rejected, platformMessage: message), nil, nil)
        case .unauthorized(let message): (.fail, .failed(.needsReconnect, platformMessage: message), nil, nil)
        }
    }
}
