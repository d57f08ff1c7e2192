import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore
import SQLKit
import Synchronization

/// Runs publish jobs a batch at a time: loads the batch in a few queries, decides for each job
/// (send, reconcile first, hold back for its account, or give up), records "publishing" before
/// anything leaves, sends concurrently, and writes every outcome in one transaction. Drives each
/// publication through `PublicationState`: after an unknown outcome the platform is asked whether
/// the post exists before anything is sent again.
public struct Publisher: Sendable {
    public let queue: JobQueue
    public let box: SecretBox
    public let platform: @Sendable (Platform) -> (any SocialPlatform)?
    /// How long a paused channel's posts wait before they are looked at again.
    public var pausedRecheck: TimeInterval = 300
    /// Where the media library keeps its files (connectors that upload read them from there).
    public var mediaStorage: MediaStorage?
    /// E-mails people about publications that failed or need them (nil: no mail server).
    public var notifier: Notifier?
    /// How many posts of a batch are sent at once. More would only wait in the HTTP client's
    /// queue (which keeps `HERALD_HTTP_CONNECTIONS_PER_HOST` connections to a host), holding memory:
    /// a burst of 10,000 due posts took about 330 MiB sent all at once, 150 MiB sent 16 at a time,
    /// as fast.
    public var sendConcurrency = 16
    /// Batches that finish together share one transaction for their outcomes. (So a publisher
    /// serves one database: a group is written to the database of the batch that started the writer.)
    let recorder = OutcomeRecorder()
    /// Publications this process is sending right now. A job whose lease ran out while its send
    /// is still under way here (a slow platform, a loaded machine) comes back to this same
    /// worker: it must not be reconciled — the platform would not show the post yet — and sent
    /// a second time. Taking it again renewed its lease; it is left to the send in flight.
    let sending = SendingSet()

    public init(queue: JobQueue, box: SecretBox, platform: @escaping @Sendable (Platform) -> (any SocialPlatform)?) {
        self.queue = queue
        self.box = box
        self.platform = platform
    }

    /// Takes up to `limit` due publish jobs and runs them; returns how many it took.
    @discardableResult
    public func runOnce(limit: Int = 10, now: Date = Date(), on database: any Database) async throws -> Int {
        guard let batch = try await prepare(limit: limit, now: now, on: database) else { return 0 }
        try await finish(batch, on: database)
        return batch.count
    }

    /// A taken batch, decided and marked "publishing", waiting to be sent.
    public struct PreparedBatch: Sendable {
        let now: Date
        let started: ContinuousClock.Instant
        var outcomes: [Outcome]
        var attempts: [Attempt]
        public let count: Int
        /// The jobs being sent (their leases are renewed while the batch is in flight).
        public var sendingJobs: [UUID] { attempts.map(\.job.id) }
    }

    /// Takes jobs due by `now + lead` (the work before sending is done while the posts are not
    /// due yet; nothing is sent before its time), loads and decides them, and records the ones
    /// to send as "publishing". Nil when nothing is due.
    public func prepare(limit: Int, now: Date = Date(), lead: TimeInterval = 0, on database: any Database) async throws -> PreparedBatch? {
        let jobs = try await queue.take(limit: limit, kinds: [Scheduler.publishKind], now: now, dueBy: now.addingTimeInterval(lead),
                                        on: database)
        guard !jobs.isEmpty else { return nil }
        // Shutting down: give the batch back untried, so another worker takes it at once.
        if Task.isCancelled {
            for job in jobs { try await queue.release(job, now: now, on: database) }
            return PreparedBatch(now: now, started: .now, outcomes: [], attempts: [], count: jobs.count)
        }
        let contexts = try await PublishBatch.load(jobs.compactMap { UUID(text: $0.payload) }, on: database)
        var ledger = try await PublishBatch.budgetUse(channels: contexts.values.map(\.channel), now: now, on: database)
        var outcomes: [Outcome] = []
        var attempts: [Attempt] = []
        for job in jobs {
            if let id = UUID(text: job.payload), sending.contains(id) {
                outcomes.append(Outcome(job: job, result: .inFlight))
                continue
            }
            switch decide(job, contexts: contexts, ledger: &ledger, now: now) {
            case .finished(let outcome): outcomes.append(outcome)
            case .attempt(let attempt): attempts.append(attempt)
            }
        }
        // Recorded before anything is sent: a crash from here on leaves them "publishing", seen as unknown.
        // (Posts to platforms that cannot be read are marked one by one as they leave; see `sendAlone`.)
        let marked = try await PublishBatch.markPublishing(
            attempts.filter { !$0.reconcileFirst && !$0.sendsAlone }.map { ($0.context.publicationID, $0.job.attempts) },
            owner: queue.owner, now: now, on: database)
        attempts.removeAll { attempt in
            guard !attempt.reconcileFirst, !attempt.sendsAlone, !marked.contains(attempt.context.publicationID) else { return false }
            outcomes.append(Outcome(job: attempt.job, result: .fail("the publication was withdrawn before it was sent")))
            return true
        }
        sending.insert(attempts.map(\.context.publicationID))
        return PreparedBatch(now: now, started: .now, outcomes: outcomes, attempts: attempts, count: jobs.count)
    }

    /// Sends a prepared batch — each post at its time, never before — and records the outcomes.
    /// Cancelled while waiting, it sends nothing more: what was not sent goes back unchanged.
    public func finish(_ batch: PreparedBatch, stop: @escaping @Sendable () -> Bool = { false }, on database: any Database) async throws {
        // However it ends, these are no longer being sent by this process.
        defer { sending.remove(batch.attempts.map(\.context.publicationID)) }
        guard batch.count > 0 else { return }
        let now = batch.now
        let remaining: @Sendable (Date) -> Double = { runAt in
            runAt.timeIntervalSince(now) - (ContinuousClock.now - batch.started).inSeconds
        }
        // The batch waits for its first post's time in short steps, so a worker that is stopping
        // notices at once (one waiter per batch, not one per post).
        if let first = batch.attempts.map(\.job.runAt).min() {
            while remaining(first) > 0, !Task.isCancelled, !stop() {
                try? await Task.sleep(for: .milliseconds(Int(min(remaining(first), 0.1) * 1000) + 1))
            }
        }
        // In order of time, `sendConcurrency` at once: a post starts when one before it is done.
        // Posts to platforms that cannot be read go one after another in a lane of their own.
        let ordered = batch.attempts.sorted { $0.job.runAt < $1.job.runAt }
        let alone = ordered.filter(\.sendsAlone), shared = ordered.filter { !$0.sendsAlone }
        let lanes = max(1, sendConcurrency)
        let (sent, withdrawn) = await withTaskGroup(of: ([Outcome], [Attempt]).self) { group in
            var results: [Outcome] = [], back: [Attempt] = []
            func collect(_ result: (outcomes: [Outcome], unsent: [Attempt])) {
                results += result.outcomes
                back += result.unsent
            }
            if !alone.isEmpty {
                group.addTask { await sendAlone(alone, now: now, remaining: remaining, stop: stop, on: database) }
            }
            for (index, attempt) in shared.enumerated() {
                if index >= lanes, let result = await group.next() { collect(result) }
                group.addTask {
                    // A later post of the batch waits for its own time, on the clock the batch was taken by.
                    let wait = remaining(attempt.job.runAt)
                    if wait > 0, !stop() { try? await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
                    if Task.isCancelled || stop() { return ([], [attempt]) }
                    return ([await perform(attempt, now: now, on: database)], [])
                }
            }
            for await result in group { collect(result) }
            return (results, back)
        }
        // PostgreSQL writes two groups side by side; SQLite has one writer at a time anyway.
        let writers = (database as? any SQLDatabase)?.isPostgreSQL == true ? 2 : 1
        try await recorder.record(Recorded(outcomes: batch.outcomes + sent, now: now), writers: writers) {
            try await write($0, on: database)
        }
        if !withdrawn.isEmpty {
            try await PublishBatch.unmarkPublishing(withdrawn.filter { !$0.reconcileFirst }.map(\.context.publicationID),
                                                    owner: queue.owner, on: database)
            for attempt in withdrawn { try await queue.release(attempt.job, now: now, on: database) }
        }
    }

    // MARK: - Deciding

    struct Attempt: Sendable {
        var job: LeasedJob
        var context: PublishContext
        var connector: any SocialPlatform
        var credential: String
        var request: PublishRequest
        /// The last attempt's outcome is unknown: ask the platform before sending.
        var reconcileFirst: Bool
        /// The platform cannot be read after a lost answer (Telegram): the post is marked
        /// "publishing" just before it leaves and its outcome written durably just after, one at a
        /// time, so a crash leaves at most one post for a person to look at — not a whole batch.
        var sendsAlone: Bool { !connector.canFindPublished }
    }

    /// Sends posts to unreadable platforms one after another: mark, send, write the outcome.
    private func sendAlone(_ attempts: [Attempt], now: Date, remaining: @Sendable (Date) -> Double,
                           stop: @Sendable () -> Bool, on database: any Database) async -> ([Outcome], [Attempt]) {
        var outcomes: [Outcome] = []
        for (index, attempt) in attempts.enumerated() {
            let wait = remaining(attempt.job.runAt)
            if wait > 0, !stop() { try? await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
            if Task.isCancelled || stop() { return (outcomes, Array(attempts[index...])) }
            // One post per channel in flight in this process, whichever batch it came in.
            enum Result: Sendable { case written, unwritten(Outcome), notMarked }
            let result: Result = await SerialLanes.run(attempt.context.channel.id ?? attempt.context.publicationID) {
                let outcome: Outcome
                if attempt.reconcileFirst {
                    outcome = await perform(attempt, now: now, on: database)
                } else {
                    let marked = try? await PublishBatch.markPublishing([(attempt.context.publicationID, attempt.job.attempts)],
                                                                       owner: queue.owner, now: Date(), on: database)
                    guard let marked else { return .notMarked }
                    outcome = marked.contains(attempt.context.publicationID)
                        ? await perform(attempt, now: now, on: database)
                        : Outcome(job: attempt.job, result: .fail("the publication was withdrawn before it was sent"))
                }
                do {
                    try await write([Recorded(outcomes: [outcome], now: now)], durable: true, on: database)
                    return .written
                } catch {
                    return .unwritten(outcome)  // written with the batch instead
                }
            }
            switch result {
            case .written: break
            case .unwritten(let outcome): outcomes.append(outcome)
            case .notMarked: return (outcomes, Array(attempts[index...]))
            }
        }
        return (outcomes, [])
    }

    enum Decision {
        case finished(Outcome)
        case attempt(Attempt)
    }

    private func decide(_ job: LeasedJob, contexts: [UUID: PublishContext], ledger: inout [UUID: BudgetUse],
                        now: Date) -> Decision {
        guard let id = UUID(text: job.payload), let context = contexts[id] else {
            return .finished(Outcome(job: job, result: .fail("publication or its post is gone")))
        }
        let channel = context.channel
        var state = context.state
        // The job came back while the publication says "publishing": its worker died mid-request.
        if case .publishing = state, let next = try? state.applying(.leaseExpired) { state = next }
        if case .published = state { return .finished(Outcome(job: job, result: .done)) }
        if case .failed = state { return .finished(Outcome(job: job, result: .done)) }

        /// Herald will not send: the publication fails with `problem` (a decision before any attempt).
        func failed(_ problem: PublicationProblem, _ message: String? = nil) -> Decision {
            // A publication that may be out is never failed by a decision: it is reconciled first.
            if state.mayBeOut { return .finished(Outcome(job: job, result: .retry(problem.rawValue, retryAfter: .seconds(60)))) }
            return .finished(Outcome(job: job, context: context, state: .failed(problem, platformMessage: message),
                                     result: .fail(problem.rawValue)))
        }
        switch channel.state {
        case .paused:
            return .finished(Outcome(job: job, result: .postpone(until: now.addingTimeInterval(pausedRecheck), hold: .channelPaused)))
        case .needsReconnect:
            return failed(.needsReconnect, channel.stateReason)
        case .active:
            break
        }
        if let until = channel.ratePausedUntil, until > now {
            return .finished(Outcome(job: job, result: .postpone(until: until, hold: .accountRateLimited)))
        }
        if let channelID = channel.id, let budget = channel.rateBudget {
            var use = ledger[channelID] ?? BudgetUse(count: 0, oldest: nil)
            if let slot = budget.nextSlot(used: use.count, oldestInWindow: use.oldest, now: now) {
                return .finished(Outcome(job: job, result: .postpone(until: slot, hold: .rateBudget)))
            }
            use.count += 1
            ledger[channelID] = use
        }

        guard channel.archivedAt == nil, let kind = channel.platform, let connector = platform(kind) else {
            return failed(.noConnector)
        }
        let credential: String
        do { credential = try channel.openCredential(with: box) } catch {
            return failed(.needsReconnect)
        }
        let outgoing = context.outgoing(on: kind)
        if case .unknown = state {
            // Reconcile even if the text is now blocked: the earlier attempt may have gone out.
        } else if !outgoing.isPublishable {
            // The page shows the composer's findings for this channel; nothing to copy here.
            return failed(.blocked)
        }
        let attachments = mediaStorage.map { storage in
            context.mediaFiles.compactMap { file in
                file.id.map { id in
                    Attachment(fileName: file.fileName, mimeType: file.format.mimeType, altText: file.altText.isEmpty ? nil : file.altText,
                               path: storage.path(workspaceID: file.$workspace.id, id: id, ext: file.format.rawValue))
                }
            }
        } ?? []
        let request = PublishRequest(text: outgoing.text, idempotencyKey: context.idempotencyKey, options: outgoing.options,
                                     media: outgoing.media, attachments: attachments, link: outgoing.link)
        if case .unknown = state {
            guard connector.canFindPublished else { return .finished(askPerson(job, context: context, state: state)) }
            return .attempt(Attempt(job: job, context: context, connector: connector, credential: credential, request: request,
                                    reconcileFirst: true))
        }
        guard state.maySend else { return .finished(Outcome(job: job, result: .done)) }
        return .attempt(Attempt(job: job, context: context, connector: connector, credential: credential, request: request,
                                reconcileFirst: false))
    }

    // MARK: - Sending

    private func perform(_ attempt: Attempt, now: Date, on database: any Database) async -> Outcome {
        let job = attempt.job, context = attempt.context
        if attempt.reconcileFirst {
            do {
                // Where to look: from the earlier attempt on, leaving out posts other publications own.
                let sentAt = context.sentAt ?? now.addingTimeInterval(-86_400)
                var request = attempt.request
                let claimed = try? await PublishBatch.claimedRemoteIDs(channelID: context.channel.requireID(),
                                                                      since: sentAt.addingTimeInterval(-3600), on: database)
                request.lookup = PublishRequest.Lookup(sentAt: sentAt, claimedRemoteIDs: claimed ?? [])
                if let found = try await attempt.connector.findPublished(request, credential: attempt.credential) {
                    var outcome = Outcome(job: job, context: context,
                                          state: .published(remoteID: found.remoteID, url: found.url?.absoluteString, at: found.publishedAt),
                                          result: .done)
                    outcome.resolution = found.match ?? "found on the platform"
                    return outcome
                }
            } catch {
                // The platform could not be asked: the publication stays unknown and is asked again.
                return Outcome(job: job, context: context, state: context.state.unknownIfPublishing,
                               result: .retry(PublicationHold.retry.rawValue, retryAfter: nil))
            }
            if !attempt.context.publicationIsSendable {
                // Not there, and the post may no longer be sent as it stands.
                guard let notThere = try? context.state.applying(.notFoundOnPlatform),
                      let blocked = try? notThere.applying(.refused(.blocked, platformMessage: nil)) else {
                    return Outcome(job: job, result: .fail(PublicationProblem.blocked.rawValue))
                }
                return Outcome(job: job, context: context, state: blocked, result: .fail(PublicationProblem.blocked.rawValue))
            }
            // Not there: safe to send. Record the attempt first, as for any other.
            do {
                guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
                guard try await PublishBatch.record(context.publicationID, .publishing(attempt: job.attempts, leaseOwner: queue.owner),
                                                    now: now, on: sql) else {
                    // Published meanwhile by the worker that had it before: nothing to send.
                    return Outcome(job: job, result: .done)
                }
            } catch {
                return Outcome(job: job, result: .retry(PublicationHold.retry.rawValue, retryAfter: nil))
            }
        }
        let publishing = PublicationState.publishing(attempt: job.attempts, leaseOwner: queue.owner)
        if let platform = context.channel.platform {
            do { try await context.storeShortLinks(on: platform, now: now, on: database) } catch {
                // Not sent: its short links could not be stored (the database; or, very rarely, a slug taken by another link).
                database.logger.error("short links of publication \(context.publicationID): \(String(reflecting: error))")
                return Outcome(job: job, context: context, state: .scheduled, note: (.willRetry, nil),
                               result: .retry(PublicationHold.retry.rawValue, retryAfter: nil))
            }
        }
        do throws(PlatformError) {
            let request = try await withUploadedMedia(attempt, now: now, on: database)
            let published: PublishedPost
            do throws(PlatformError) {
                published = try await attempt.connector.publish(request, credential: attempt.credential)
            } catch {
                // Media kept from an earlier attempt the platform no longer has (Mastodon drops
                // unattached uploads after a while): upload again, once.
                guard case .rejected = error, request.uploadedMedia != nil, attempt.request.uploadedMedia == nil else { throw error }
                try? await PublicationSteps.forgetMedia(publicationID: context.publicationID, on: database)
                published = try await attempt.connector.publish(try await withUploadedMedia(attempt, now: now, on: database),
                                                                credential: attempt.credential)
            }
            return Outcome(job: job, context: context,
                           state: (try? publishing.applying(.accepted(remoteID: published.remoteID, url: published.url?.absoluteString,
                                                                      at: published.publishedAt))) ?? publishing,
                           result: .done)
        } catch {
            let outcome = refused(error, job: job, context: context, from: publishing, now: now)
            if case .unknown? = outcome.state, !attempt.connector.canFindPublished, let state = outcome.state {
                return askPerson(job, context: context, state: state)
            }
            return outcome
        }
    }

    /// The request with its media uploaded once: ids kept from an earlier attempt are sent again;
    /// otherwise the media go up now and their ids are kept as a step of the publication before the
    /// post is sent, so a failed or lost post is retried without uploading them again.
    private func withUploadedMedia(_ attempt: Attempt, now: Date, on database: any Database) async throws(PlatformError) -> PublishRequest {
        var request = attempt.request
        guard !request.attachments.isEmpty, request.uploadedMedia == nil, let uploader = attempt.connector as? any MediaUploading else {
            return request
        }
        let publication = attempt.context.publicationID
        if let kept = try? await PublicationSteps.uploadedMedia(publicationID: publication, on: database), kept.count == request.attachments.count {
            request.uploadedMedia = kept
            return request
        }
        let ids = try await uploader.uploadMedia(request.attachments, credential: attempt.credential)
        try? await PublicationSteps.keepMedia(ids, publicationID: publication, workspaceID: attempt.context.workspaceID, now: now, on: database)
        request.uploadedMedia = ids
        return request
    }

    /// An unknown outcome on a platform that cannot be asked (Telegram): the publication waits for
    /// a person to look at the channel (Notifications and the post page offer "it is there" and
    /// "send again"), and the job ends — retrying could only send a second copy.
    private func askPerson(_ job: LeasedJob, context: PublishContext, state: PublicationState) -> Outcome {
        guard let next = try? state.applying(.cannotLookUp) else { return Outcome(job: job, result: .fail(PublicationProblem.askPerson.rawValue)) }
        return Outcome(job: job, context: context, state: next, result: .fail(PublicationProblem.askPerson.rawValue))
    }

    private func refused(_ error: PlatformError, job: LeasedJob, context: PublishContext, from publishing: PublicationState,
                         now: Date) -> Outcome {
        var event: PublicationEvent
        var note: (problem: PublicationProblem, message: String?)?
        var retryAfter: Duration?
        var effect: ChannelEffect?
        switch error {
        case .outcomeUnknown(let message):
            event = .outcomeUnknown(platformMessage: message)
        case .transient(let message):
            event = .deferred
            note = (.willRetry, message)
        case .rateLimited(let after):
            event = .deferred
            retryAfter = after ?? .seconds(60)
            effect = .paused(until: now.addingTimeInterval((retryAfter ?? .seconds(60)).inSeconds))
        case .rejected(let message):
            event = .refused(.rejected, platformMessage: message)
        case .unauthorized(let message):
            event = .refused(.needsReconnect, platformMessage: message)
            effect = .needsReconnect(reason: message)
        }
        let next = (try? publishing.applying(event)) ?? .unknown(.noAnswer, platformMessage: error.message)
        // Scheduled again (a passing fault) or unknown (must reconcile): the job comes back.
        let comesBack = next == .scheduled || next.kind == .unknown
        return Outcome(job: job, context: context, state: next, note: note,
                       result: comesBack ? .retry(PublicationHold.retry.rawValue, retryAfter: retryAfter)
                                         : .fail(next.problem?.kind.rawValue ?? "failed"),
                       effect: effect)
    }

    // MARK: - Recording

    enum JobResult: Sendable {
        case done
        case retry(String, retryAfter: Duration?)
        case fail(String)
        case postpone(until: Date, hold: PublicationHold)
        /// Being sent by this process already (its lease ran out meanwhile): left alone.
        case inFlight
    }

    enum ChannelEffect: Sendable {
        case needsReconnect(reason: String)
        case paused(until: Date)
    }

    struct Outcome: Sendable {
        var job: LeasedJob
        var context: PublishContext?
        /// The publication's new state, when it changes.
        var state: PublicationState?
        /// What a publication scheduled again waits out (a passing fault and the platform's words).
        var note: (problem: PublicationProblem, message: String?)?
        var result: JobResult
        var effect: ChannelEffect?
        /// How an unknown outcome was resolved, when it was.
        var resolution: String?

        init(job: LeasedJob, context: PublishContext? = nil, state: PublicationState? = nil,
             note: (problem: PublicationProblem, message: String?)? = nil, result: JobResult, effect: ChannelEffect? = nil) {
            self.job = job
            self.context = context
            self.state = state
            self.note = note
            self.result = result
            self.effect = effect
        }
    }

    /// A batch's outcomes, and the time the batch was taken by (retries and holds count from it).
    struct Recorded: Sendable {
        var outcomes: [Outcome]
        var now: Date
    }

    /// Every outcome of these batches in one transaction: publication states, job results, channel
    /// pauses, posts that are now published everywhere, and webhook deliveries.
    private func write(_ batches: [Recorded], durable: Bool = false, on database: any Database) async throws {
        guard let latest = batches.map(\.now).max() else { return }
        try await database.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
            // Outcomes need not wait for the disk: should the database server lose this commit in a
            // crash, the publications are found "publishing" with an expired lease and are reconciled
            // with the platform — never sent blindly. The "publishing" mark itself is durable.
            if !durable { try await PublishBatch.commitWithoutWaitingForDisk(on: sql) }
            var sets = SetWrites()
            for batch in batches {
                for outcome in batch.outcomes { try await write(outcome, now: batch.now, into: &sets, on: tx) }
            }
            // The common case — published, job done — for all the batches in a few statements.
            let skipped = try await PublishBatch.recordPublished(sets.published, now: latest, on: sql)
            let sent = Dictionary(sets.published.map { ($0.id, $0.remoteID) }, uniquingKeysWith: { first, _ in first })
            for (id, existing) in skipped {
                guard let context = sets.contexts[id], let remoteID = sent[id] else { continue }
                try await noteSecondCopy(context, existing: existing, second: remoteID, now: latest, on: tx)
            }
            try await JobStore.complete(sets.done, owner: queue.owner, now: latest, on: tx)
            try await PublishBatch.markPostsPublished(Array(sets.posts), now: latest, on: sql)
            // First comments become steps of their own, with their jobs, in this same transaction.
            try await PublicationSteps.createFirstComments(sets.firstComments, now: latest, on: tx)
            try await PublicationSteps.createThreads(sets.threads, now: latest, on: tx)
            try await PublicationSteps.createPins(sets.pins, now: latest, on: tx)
        }
    }

    /// What `write` records set-wise after going through the outcomes.
    private struct SetWrites {
        var done: [UUID] = []
        var posts: Set<UUID> = []
        var published: [(id: UUID, remoteID: String, url: String?, at: Date)] = []
        /// The contexts of `published`, by publication id.
        var contexts: [UUID: PublishContext] = [:]
        var firstComments: [(publicationID: UUID, workspaceID: UUID, text: String)] = []
        var threads: [(publicationID: UUID, workspaceID: UUID, parts: [String])] = []
        var pins: [(publicationID: UUID, workspaceID: UUID)] = []
    }

    /// One outcome: the rare cases are written at once, the common ones gathered in `sets`.
    private func write(_ outcome: Outcome, now: Date, into sets: inout SetWrites, on tx: any Database) async throws {
        guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
        if let state = outcome.state, let context = outcome.context {
            var state = state
            // The queue has no attempts left for a retry: the publication fails visibly.
            if case .retry = outcome.result, outcome.job.attempts >= outcome.job.maxAttempts, state == .scheduled {
                state = .failed(.gaveUp, platformMessage: outcome.note?.message)
            }
            if case .published = state {
                sets.posts.insert(context.postID)
                if context.options["pin"] == "true" { sets.pins.append((context.publicationID, context.workspaceID)) }
                if context.firstComment != nil || !context.thread.isEmpty, let platform = context.channel.platform {
                    let outgoing = context.outgoing(on: platform)
                    if let comment = outgoing.firstComment {
                        sets.firstComments.append((context.publicationID, context.workspaceID, comment))
                    }
                    if !outgoing.thread.isEmpty { sets.threads.append((context.publicationID, context.workspaceID, outgoing.thread)) }
                }
            }
            if case .published(let remoteID, let url, let at) = state, outcome.resolution == nil {
                sets.published.append((context.publicationID, remoteID, url, at))
                sets.contexts[context.publicationID] = context
            } else if try await !PublishBatch.record(context.publicationID, state, note: outcome.note, resolution: outcome.resolution,
                                                     now: now, on: sql) {
                // Already published (another worker recorded it first): nothing of this outcome is written.
                if case .published(let remoteID, _, _) = state {
                    let existing = try await PublicationRecord.find(context.publicationID, on: tx)?.remoteID
                    try await noteSecondCopy(context, existing: existing, second: remoteID, now: now, on: tx)
                }
                return
            }
            if let event = WebhookEvent(state: state, context: context) {
                try await Webhooks.enqueue(event, workspace: context.workspace, now: now, on: tx)
            }
            if let notifier, let problem = state.problem, state.kind == .failed || problem.kind == .askPerson {
                let platform = context.channel.platform
                let reason = [problem.kind.sentence(channel: context.channel.name, platform: platform),
                              PublicationProblem.platformSaid(platform, problem.platformMessage)].compactMap { $0 }
                try await notifier.publicationProblem(publicationID: context.publicationID, postID: context.postID, workspace: context.workspace,
                                                  channelName: context.channel.name, reason: reason, now: now, on: tx)
            }
        }
        switch outcome.result {
        case .done: sets.done.append(outcome.job.id)
        case .retry(let message, let retryAfter):
            try await queue.failed(outcome.job, error: message, retryable: true, retryAfter: retryAfter, now: now, on: tx)
        case .fail(let message):
            try await queue.failed(outcome.job, error: message, retryable: false, now: now, on: tx)
        case .postpone(let until, let hold):
            try await JobStore.postpone(outcome.job.id, owner: queue.owner, until: until, reason: hold.rawValue, now: now, on: tx)
        case .inFlight:
            break  // its send in this process records it
        }
        if let effect = outcome.effect, let channelID = outcome.context?.channel.id {
            switch effect {
            case .needsReconnect(let reason): try await PublishBatch.channelNeedsReconnect(channelID, reason: reason, on: sql)
            case .paused(let until): try await PublishBatch.pauseChannel(channelID, until: until, on: sql)
            }
        }
    }
}

extension Publisher {
    /// A publication another worker recorded as published first (its lease ran out under a
    /// stalled database and both sent it). The same remote id is the same post, nothing to say.
    /// Another id is a second copy on the platform: the post's history names it, so a person can
    /// delete it there, and the log says so.
    func noteSecondCopy(_ context: PublishContext, existing: String?, second: String, now: Date, on tx: any Database) async throws {
        guard existing != second else { return }
        tx.logger.error("publication \(context.publicationID) went out twice on channel \(context.channel.id?.text ?? "?"): kept \(existing ?? "?"), second copy \(second)")
        try await PostEvent(workspaceID: context.workspaceID, postID: context.postID, actorID: nil, actorName: "Herald",
                            action: PostEvent.publishedTwice, from: PostStatus.published.rawValue, to: PostStatus.published.rawValue,
                            comment: "\(context.channel.name): \(second)", at: now).create(on: tx)
    }
}

extension PublishContext {
    var content: VariantContent {
        VariantContent(text: text, firstComment: firstComment, link: link, media: media, options: options, thread: thread)
    }

    /// What the workspace and post add (voice, ad label, UTM, short links of this post on this channel).
    var assemblyContext: AssemblyContext {
        AssemblyContext(voice: voice, isAd: isAd, advertiser: adAdvertiser, token: adToken, adTemplate: workspace.adLabelTemplate, utm: utm,
                        shortening: workspace.shortLinkBase.map { LinkShortening(base: $0, postID: postID, channelID: channel.id) })
    }

    /// What goes to this channel (`Outgoing.assemble`, the composer's own assembly).
    func outgoing(on platform: Platform) -> Outgoing {
        Outgoing.assemble(content, for: platform, context: assemblyContext, rules: channel.rules)
    }

    /// Stores the short links this publication sends (before it sends: a click must find them).
    func storeShortLinks(on platform: Platform, now: Date, on database: any Database) async throws {
        let context = assemblyContext
        guard let shortening = context.shortening, let channelID = channel.id else { return }
        let links = context.shortenedLinks(of: content, on: platform)
        guard !links.isEmpty, let sql = database as? any SQLDatabase else { return }
        try await ShortLinks.ensure(workspace: workspaceID, post: postID, channel: channelID, campaign: campaignID,
                                    links: links.map { (shortening.slug(for: $0), $0) }, now: now, on: sql)
    }

    /// Whether the post may still be sent as it stands now (its checks do not block).
    var publicationIsSendable: Bool {
        channel.platform.map { outgoing(on: $0).isPublishable } ?? false
    }
}

extension PublicationState {
    /// Reconciliation could not reach the platform: the publication stays unknown.
    var unknownIfPublishing: PublicationState {
        (try? applying(.leaseExpired)) ?? self
    }
}


/// Publication ids being sent by this process (shared by every copy of a `Publisher`).
final class SendingSet: Sendable {
    private let ids = Mutex<Set<UUID>>([])

    func contains(_ id: UUID) -> Bool { ids.withLock { $0.contains(id) } }
    func insert(_ new: [UUID]) { ids.withLock { $0.formUnion(new) } }
    func remove(_ old: [UUID]) { ids.withLock { $0.subtract(old) } }
}
