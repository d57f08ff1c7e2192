import FluentKit
import Foundation
import HeraldCore
import SQLKit

/// Everything the publisher needs to send one publication, loaded for a whole batch at once.
/// Plain values read straight from one joined query (decoding a Fluent model per row costs more
/// than the rest of a publish), with the batch's few channels and workspaces shared.
public struct PublishContext: Sendable {
    public let publicationID: UUID
    public let workspaceID: UUID
    public let postID: UUID
    public let state: PublicationState
    /// When the last attempt was marked as being sent (nil: never).
    public let sentAt: Date?
    public let idempotencyKey: String
    /// The channel's own variant text, else the post's.
    public let text: String
    public let firstComment: String?
    public let link: String?
    /// The thread's later posts (the variant's), in order.
    public let thread: [String]
    public let options: [String: String]
    public let isAd: Bool
    public let adAdvertiser: String?
    public let adToken: String?
    public let channel: SocialChannel
    public let workspace: Workspace
    public let voice: BrandVoice
    public let media: [MediaItem]
    /// The library rows of `media`, in the same order (for connectors that upload files).
    public let mediaFiles: [MediaFile]
    public let utm: UTMParameters?
    public var campaignID: UUID? = nil
}

/// The publisher's database work for a taken batch: a handful of queries to load it, one
/// statement to mark it "publishing", one transaction to record the outcomes. (One job at a time
/// cost about eight round trips each; a burst of thousands of due posts is where it shows.)
public enum PublishBatch {
    /// The contexts of these publications, by publication id; a publication whose post, target,
    /// channel or workspace is gone is missing from the answer.
    public static func load(_ ids: [UUID], on database: any Database) async throws -> [UUID: PublishContext] {
        guard !ids.isEmpty else { return [:] }
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let rows = try await sql.raw("""
            SELECT pub.id, pub.workspace_id, pub.post_id, pub.channel_id, pub.state, pub.attempt, pub.lease_owner,
                   pub.idempotency_key, pub.remote_id, pub.url, pub.published_at, pub.reason, pub.problem, pub.sent_at,
                   t.text AS target_text, t.media_ids AS target_media, t.options, t.first_comment, t.link, t.thread,
                   p.text AS post_text, p.media_ids AS post_media, p.campaign_id, p.is_ad, p.ad_advertiser, p.ad_token
            FROM publications pub
            JOIN post_targets t ON t.id = pub.target_id
            JOIN posts p ON p.id = pub.post_id
            WHERE pub.id IN (\(binds: ids))
            """).all()
        guard !rows.isEmpty else { return [:] }
        struct Row {
            var id, workspaceID, postID, channelID: UUID
            var state: PublicationState
            var sentAt: Date?
            var key, text: String
            var firstComment, link: String?
            var thread: [String]
            var options: [String: String]
            var mediaIDs: [UUID]
            var campaignID: UUID?
            var isAd: Bool
            var advertiser, token: String?
        }
        let decoded = try rows.map { row in
            let targetMedia = try row.decode(column: "target_media", as: String?.self)
            let postMedia = try row.decode(column: "post_media", as: String?.self)
            let targetText = try row.decode(column: "target_text", as: String?.self)
            let postText = try row.decode(column: "post_text", as: String.self)
            return Row(
                id: try row.decode(column: "id", as: UUID.self), workspaceID: try row.decode(column: "workspace_id", as: UUID.self),
                postID: try row.decode(column: "post_id", as: UUID.self), channelID: try row.decode(column: "channel_id", as: UUID.self),
                state: PublicationRecord.state(
                    kind: PublicationState.Kind(rawValue: try row.decode(column: "state", as: String.self)) ?? .scheduled,
                    attempt: try row.decode(column: "attempt", as: Int.self),
                    leaseOwner: try row.decode(column: "lease_owner", as: String?.self),
                    remoteID: try row.decode(column: "remote_id", as: String?.self), url: try row.decode(column: "url", as: String?.self),
                    publishedAt: try row.decode(column: "published_at", as: Date?.self),
                    problem: try row.decode(column: "problem", as: String?.self).flatMap(PublicationProblem.init(rawValue:)),
                    platformMessage: try row.decode(column: "reason", as: String?.self)),
                sentAt: try row.decode(column: "sent_at", as: Date?.self),
                key: try row.decode(column: "idempotency_key", as: String.self),
                text: targetText ?? postText,
                firstComment: try row.decode(column: "first_comment", as: String?.self),
                link: try row.decode(column: "link", as: String?.self),
                thread: PostTarget.thread(try row.decode(column: "thread", as: String?.self)),
                options: PostTarget.options(try row.decode(column: "options", as: String?.self)),
                mediaIDs: targetMedia.map { UUIDList.decode($0) } ?? UUIDList.decode(postMedia),
                campaignID: try row.decode(column: "campaign_id", as: UUID?.self),
                isAd: try row.decode(column: "is_ad", as: Bool?.self) ?? false,
                advertiser: try row.decode(column: "ad_advertiser", as: String?.self),
                token: try row.decode(column: "ad_token", as: String?.self))
        }
        func byID<M: Model>(_ type: M.Type, _ ids: Set<UUID>) async throws -> [UUID: M] where M.IDValue == UUID {
            guard !ids.isEmpty else { return [:] }
            let rows = try await M.query(on: database).filter(\M._$id ~~ Array(ids)).all()
            return Dictionary(rows.compactMap { row in row.id.map { ($0, row) } }, uniquingKeysWith: { first, _ in first })
        }
        let channels = try await byID(SocialChannel.self, Set(decoded.map(\.channelID)))
        let workspaces = try await byID(Workspace.self, Set(decoded.map(\.workspaceID)))
        let voices = workspaces.mapValues(\.brandVoice)
        let files = try await byID(MediaFile.self, Set(decoded.flatMap(\.mediaIDs)))
        let campaigns = try await byID(Campaign.self, Set(decoded.compactMap(\.campaignID)))

        var contexts: [UUID: PublishContext] = [:]
        for row in decoded {
            guard let channel = channels[row.channelID], let workspace = workspaces[row.workspaceID] else { continue }
            contexts[row.id] = PublishContext(
                publicationID: row.id, workspaceID: row.workspaceID, postID: row.postID, state: row.state, sentAt: row.sentAt,
                idempotencyKey: row.key,
                text: row.text, firstComment: row.firstComment, link: row.link, thread: row.thread, options: row.options, isAd: row.isAd, adAdvertiser: row.advertiser, adToken: row.token,
                channel: channel, workspace: workspace, voice: voices[row.workspaceID] ?? .none,
                media: row.mediaIDs.compactMap { files[$0]?.asMediaItem }, mediaFiles: row.mediaIDs.compactMap { files[$0] },
                utm: row.campaignID.flatMap { campaigns[$0] }?.utm, campaignID: row.campaignID)
        }
        return contexts
    }

    /// Records, before anything is sent, that these publications are being sent: should the
    /// process die from here on, the publication is found "publishing" and treated as unknown.
    /// Returns the ids it marked: only those may be sent (a publication withdrawn meanwhile — its
    /// post edited or unscheduled — is not there any more).
    public static func markPublishing(_ items: [(id: UUID, attempt: Int)], owner: String, now: Date,
                                      on database: any Database) async throws -> Set<UUID> {
        guard !items.isEmpty else { return [] }
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        var marked: Set<UUID> = []
        // One statement per attempt number (a batch almost always shares one).
        for (attempt, group) in Dictionary(grouping: items, by: \.attempt) {
            let rows = try await sql.raw("""
                UPDATE publications SET state = 'publishing', attempt = \(bind: attempt), lease_owner = \(bind: owner),
                    sent_at = \(bind: now), updated_at = \(bind: now)
                WHERE id IN (\(binds: group.map(\.id))) AND state = 'scheduled'
                RETURNING id
                """).all()
            for row in rows { marked.insert(try row.decode(column: "id", as: UUID.self)) }
        }
        return marked
    }

    /// Inside a transaction: its commit does not wait for the disk (PostgreSQL's
    /// `synchronous_commit = off`, for this transaction only). SQLite: nothing to do.
    public static func commitWithoutWaitingForDisk(on sql: any SQLDatabase) async throws {
        guard sql.isPostgreSQL else { return }
        try await sql.raw("SET LOCAL synchronous_commit = off").run()
    }

    /// Gives back publications marked "publishing" that were not sent after all (shutdown while
    /// waiting for their time): they are scheduled again, not unknown.
    public static func unmarkPublishing(_ ids: [UUID], owner: String, on database: any Database) async throws {
        guard !ids.isEmpty else { return }
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        try await sql.raw("""
            UPDATE publications SET state = 'scheduled', lease_owner = NULL
            WHERE id IN (\(binds: ids)) AND state = 'publishing' AND lease_owner = \(bind: owner)
            """).run()
    }

    /// Writes a publication's new state (the columns `PublicationRecord.state` would set).
    /// `note` is what a scheduled publication is waiting out (a passing fault being retried), or
    /// how a resolution was made; a published one keeps no problem.
    /// `table` is `publications`, or `publication_steps` for a later step (the same columns).
    @discardableResult
    public static func record(_ id: UUID, _ state: PublicationState, note: (problem: PublicationProblem, message: String?)? = nil,
                              resolution: String? = nil, table: String = PublicationRecord.schema, now: Date,
                              on sql: any SQLDatabase) async throws -> Bool {
        let assignments: SQLQueryString
        switch state {
        case .scheduled:
            assignments = "state = 'scheduled', lease_owner = NULL, problem = \(bind: note?.problem.rawValue), reason = \(bind: note?.message)"
        case .publishing(let attempt, let owner):
            assignments = "state = 'publishing', attempt = \(bind: attempt), lease_owner = \(bind: owner), sent_at = \(bind: now)"
        case .published(let remoteID, let url, let at):
            assignments = """
                state = 'published', remote_id = \(bind: remoteID), url = \(bind: url), published_at = \(bind: at), \
                problem = NULL, reason = NULL
                """
        case .failed(let problem, let message), .unknown(let problem, let message):
            assignments = """
                state = \(bind: state.kind.rawValue), problem = \(bind: problem.rawValue), reason = \(bind: message.map { String($0.prefix(1000)) }), \
                retryable = \(bind: problem.isRetryable)
                """
        }
        let resolved: SQLQueryString = resolution.map { ", resolution = \(bind: $0)" } ?? ""
        // A published one is final: a second worker that took the job when its lease ran out
        // (a stalled database) leaves it as the first recorded it. Answers whether it was written.
        let written = try await sql.raw("""
            UPDATE \(ident: table) SET \(assignments)\(resolved), updated_at = \(bind: now)
            WHERE id = \(bind: id) AND state <> 'published' RETURNING id
            """).first()
        return written != nil
    }

    /// Many publications published at once: one UPDATE joined to a VALUES list (SQLite ≥ 3.33 and
    /// PostgreSQL both name its columns column1…), in chunks that stay well inside SQLite's limit
    /// of bound values. (A CASE per column compared every row with every id: three times slower.)
    ///
    /// Compare-and-set: a publication already published is left as it is (the database refuses to
    /// change it anyway, and one such row must not fail the outcomes written with it). Two workers
    /// can both have sent it when a lease ran out under a stalled database; answered are those left
    /// alone, with the id they already have, so the caller can tell a repeat from a second copy.
    @discardableResult
    public static func recordPublished(_ rows: [(id: UUID, remoteID: String, url: String?, at: Date)], now: Date,
                                       on sql: any SQLDatabase) async throws -> [(id: UUID, existingRemoteID: String?)] {
        guard !rows.isEmpty else { return [] }
        var written: Set<UUID> = []
        if sql.isPostgreSQL {
            // One array per column: four parameters however many rows (thousands of parameters
            // cost more to send and parse than the update itself).
            let updated = try await sql.raw("""
                UPDATE publications SET state = 'published', remote_id = v.remote_id, url = NULLIF(v.url, ''),
                    published_at = v.at, reason = NULL, problem = NULL, updated_at = \(bind: now)
                FROM unnest(\(bind: rows.map(\.id))::uuid[], \(bind: rows.map(\.remoteID))::text[],
                            \(bind: rows.map { $0.url ?? "" })::text[], \(bind: rows.map(\.at))::timestamptz[]) AS v(id, remote_id, url, at)
                WHERE publications.id = v.id AND publications.state <> 'published'
                RETURNING publications.id
                """).all()
            for row in updated { written.insert(try row.decode(column: "id", as: UUID.self)) }
        } else {
            for chunk in rows.chunks(of: 500) {
                var values: SQLQueryString = ""
                for (index, row) in chunk.enumerated() {
                    values = values + (index == 0 ? "" : ", ") + "(\(bind: row.id), \(bind: row.remoteID), \(bind: row.url), \(bind: row.at))"
                }
                let updated = try await sql.raw("""
                    UPDATE publications SET state = 'published', remote_id = v.column2, url = v.column3,
                        published_at = v.column4, reason = NULL, problem = NULL, updated_at = \(bind: now)
                    FROM (VALUES \(values)) AS v
                    WHERE publications.id = v.column1 AND publications.state <> 'published'
                    RETURNING publications.id
                    """).all()
                for row in updated { written.insert(try row.decode(column: "id", as: UUID.self)) }
            }
        }
        let skipped = rows.map(\.id).filter { !written.contains($0) }
        guard !skipped.isEmpty else { return [] }
        var existing: [UUID: String] = [:]
        for chunk in skipped.chunks(of: 500) {
            for row in try await sql.raw("SELECT id, remote_id FROM publications WHERE id IN (\(binds: chunk))").all() {
                existing[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "remote_id", as: String?.self)
            }
        }
        return skipped.map { ($0, existing[$0]) }
    }

    /// Publications whose job waits past its time, and why (a paused or rate-limited account, a
    /// rate budget, a retry after a passing failure): by publication id.
    public static func held(_ ids: [UUID], now: Date, on database: any Database) async throws -> [UUID: (until: Date, hold: PublicationHold)] {
        guard !ids.isEmpty else { return [:] }
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let keys = Dictionary(uniqueKeysWithValues: ids.map { (DuePublications.jobKey($0), $0) })
        let rows = try await sql.raw("""
            SELECT dedupe_key, run_at, last_error FROM jobs
            WHERE dedupe_key IN (\(binds: Array(keys.keys))) AND state = 'queued' AND last_error IS NOT NULL AND run_at > \(bind: now)
            """).all()
        var held: [UUID: (until: Date, hold: PublicationHold)] = [:]
        for row in rows {
            guard let id = keys[try row.decode(column: "dedupe_key", as: String.self)] else { continue }
            // A job's error that is not a hold (an older row's free text) reads as a retry.
            let hold = PublicationHold(rawValue: try row.decode(column: "last_error", as: String.self)) ?? .retry
            held[id] = (try row.decode(column: "run_at", as: Date.self), hold)
        }
        return held
    }

    /// The platform ids already recorded for a channel's posts since `since`: reconciliation must
    /// not take one of them for another publication with the same text.
    public static func claimedRemoteIDs(channelID: UUID, since: Date, on database: any Database) async throws -> Set<String> {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let rows = try await sql.raw("""
            SELECT remote_id FROM publications
            WHERE channel_id = \(bind: channelID) AND state = 'published' AND remote_id IS NOT NULL AND updated_at >= \(bind: since)
            """).all()
        return Set(try rows.map { try $0.decode(column: "remote_id", as: String.self) })
    }

    /// A platform said the credential is no good: the channel needs reconnecting (its posts fail
    /// visibly with that advice instead of collecting more refusals).
    public static func channelNeedsReconnect(_ id: UUID, reason: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            UPDATE channels SET state = 'needs_reconnect', state_reason = \(bind: String(reason.prefix(500))) WHERE id = \(bind: id)
            """).run()
    }

    /// A 429: this account (and only this one) waits until `until`.
    public static func pauseChannel(_ id: UUID, until: Date, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            UPDATE channels SET rate_paused_until = \(bind: until)
            WHERE id = \(bind: id) AND (rate_paused_until IS NULL OR rate_paused_until < \(bind: until))
            """).run()
    }

    /// Posts whose every channel is now published become "published". Inside the outcome
    /// transaction, after the publications are written. On PostgreSQL the posts are locked first,
    /// in id order (SQLite has one writer at a time anyway): two workers recording the two channels
    /// of one post at the same moment would otherwise each see the other's publication
    /// uncommitted, and neither would mark the post. Locked, the second waits for the first to
    /// commit and then sees both.
    /// Each post marked gets a line in its history ("Herald: published on every channel").
    public static func markPostsPublished(_ ids: [UUID], now: Date, on sql: any SQLDatabase) async throws {
        guard !ids.isEmpty else { return }
        func mark(_ matching: SQLQueryString) async throws {
            let marked = try await sql.raw("""
                UPDATE posts SET status = 'published', updated_at = \(bind: now)
                WHERE id \(matching) AND status = 'scheduled' AND NOT EXISTS (
                    SELECT 1 FROM post_targets t LEFT JOIN publications p ON p.target_id = t.id
                    WHERE t.post_id = posts.id AND (p.id IS NULL OR p.state <> 'published'))
                RETURNING id, workspace_id
                """).all()
            // Each post's history says it went out: written set-wise (a statement per post was most
            // of a burst's recording time).
            let events = try marked.map { row in
                (id: UUID(), workspace: try row.decode(column: "workspace_id", as: UUID.self), post: try row.decode(column: "id", as: UUID.self))
            }
            guard !events.isEmpty else { return }
            let columns: SQLQueryString = "id, workspace_id, post_id, actor_id, actor_name, action, from_status, to_status, comment, created_at"
            if sql.isPostgreSQL {
                try await sql.raw("""
                    INSERT INTO post_events (\(columns))
                    SELECT v.id, v.workspace_id, v.post_id, NULL, 'Herald', \(bind: PostEvent.published), 'scheduled', 'published', NULL, \(bind: now)
                    FROM unnest(\(bind: events.map(\.id))::uuid[], \(bind: events.map(\.workspace))::uuid[], \(bind: events.map(\.post))::uuid[])
                        AS v(id, workspace_id, post_id)
                    """).run()
            } else {
                for chunk in events.chunks(of: 500) {
                    var values: SQLQueryString = ""
                    for (index, event) in chunk.enumerated() {
                        values = values + (index == 0 ? "" : ", ")
                            + "(\(bind: event.id), \(bind: event.workspace), \(bind: event.post), NULL, 'Herald', \(bind: PostEvent.published), 'scheduled', 'published', NULL, \(bind: now))"
                    }
                    try await sql.raw("INSERT INTO post_events (\(columns)) VALUES \(values)").run()
                }
            }
        }
        if sql.isPostgreSQL {
            try await sql.raw("SELECT id FROM posts WHERE id = ANY(\(bind: ids)::uuid[]) ORDER BY id FOR UPDATE").run()
            try await mark("= ANY(\(bind: ids)::uuid[])")
        } else {
            for chunk in ids.chunks(of: 1000) { try await mark("IN (\(binds: chunk))") }
        }
    }

    /// For each channel with a budget: how many of its latest posts (at most its budget's count)
    /// went out within its window, and when the oldest of those did — by Herald's clock, when the
    /// answer was recorded, not the platform's. Reading at most `count` rows per channel keeps this
    /// cheap however much the channel has published. Channels without a budget are left out.
    public static func budgetUse(channels: [SocialChannel], now: Date, on database: any Database) async throws -> [UUID: BudgetUse] {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        var result: [UUID: BudgetUse] = [:]
        var seen: Set<UUID> = []
        for channel in channels {
            guard let id = channel.id, let budget = channel.rateBudget, seen.insert(id).inserted else { continue }
            let row = try await sql.raw("""
                SELECT COUNT(*) AS n, MIN(updated_at) AS oldest FROM (
                    SELECT updated_at FROM publications
                    WHERE channel_id = \(bind: id) AND state = 'published' AND updated_at > \(bind: now.addingTimeInterval(-budget.window))
                    ORDER BY updated_at DESC LIMIT \(literal: budget.count)
                ) latest
                """).first()
            if let row, let count = try row.decode(column: "n", as: Int?.self), count > 0 {
                result[id] = BudgetUse(count: count, oldest: try row.decode(column: "oldest", as: Date?.self))
            }
        }
        return result
    }
}

/// A channel's use of its rate budget in the current window.
public struct BudgetUse: Sendable, Equatable {
    public var count: Int
    public var oldest: Date?

    public init(count: Int, oldest: Date?) {
        self.count = count
        self.oldest = oldest
    }
}
