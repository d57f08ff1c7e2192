import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore
import SQLKit

/// Brings what the audience says into the inbox: for each channel whose connector has
/// Conversations, a durable job reads the platform since the channel's stored cursor, stores
/// each item once (unique by channel and platform id, linked to our post when Herald published
/// it) and keeps the new cursor — or the error, shown on the inbox page. Never two syncs of one
/// channel: a new one is queued only when none is waiting or running.
public struct InboxSync: Sendable {
    public static let jobKind = "inbox_sync"
    /// The cursor of a channel whose platform pushes its updates (`ChannelPush`).
    public static let pushedCursor = "push"

    public let queue: JobQueue
    public let box: SecretBox
    public let platform: @Sendable (Platform) -> (any SocialPlatform)?
    /// How often each channel is read.
    public var interval: TimeInterval = 120

    public init(queue: JobQueue, box: SecretBox, platform: @escaping @Sendable (Platform) -> (any SocialPlatform)?) {
        self.queue = queue
        self.box = box
        self.platform = platform
    }

    /// The leader's part: a sync job for each active channel that can be read and is due.
    @discardableResult
    public func enqueueDue(now: Date = Date(), on database: any Database) async throws -> Int {
        let channels = try await SocialChannel.query(on: database).filter(\.$archivedAt == nil)
            .filter(\.$stateName == ChannelState.active.rawValue).all()
        let readable = channels.filter { channel in channel.platform.flatMap(platform) is any Conversations }
        guard !readable.isEmpty else { return 0 }
        // Channels sharing one stream (a Telegram bot's chats) are read through their first: one poller each.
        var seen: Set<String> = []
        let ids = readable.filter { channel in
            guard let stream = sharedStream(channel) else { return true }
            return seen.insert(stream).inserted
        }.compactMap(\.id)
        let cursors = try await InboxCursor.query(on: database).filter(\.$id ~~ ids).all()
        let lastRun = Dictionary(cursors.compactMap { cursor in cursor.id.map { ($0, cursor.syncedAt ?? cursor.errorAt) } },
                                 uniquingKeysWith: { $1 })
        let rounds = ChannelRounds(kind: Self.jobKind, queue: queue)
        let busy = try await rounds.busy(on: database)
        var queued = 0
        for id in ids where !busy.contains(id.text) {
            if let last = lastRun[id] ?? nil, now.timeIntervalSince(last) < interval { continue }
            if try await rounds.enqueue(id, round: interval, priority: 2, now: now, on: database) { queued += 1 }
        }
        return queued
    }

    /// Takes due sync jobs and runs them; answers how many it took.
    @discardableResult
    public func runOnce(limit: Int = 5, now: Date = Date(), on database: any Database) async throws -> Int {
        try await ChannelRounds(kind: Self.jobKind, queue: queue).runOnce(limit: limit, now: now, on: database) { id in
            try await sync(channelID: id, now: now, on: database)
        }
    }

    /// The stream a channel shares with others, when its connector reads several through one credential.
    func sharedStream(_ channel: SocialChannel) -> String? {
        guard let kind = channel.platform, let shared = platform(kind) as? any SharedConversations,
              let credential = try? channel.openCredential(with: box) else { return nil }
        return shared.sharedStream(credential: credential)
    }

    /// Reads one channel now and stores what is new; answers how many items were new.
    @discardableResult
    public func sync(channelID: UUID, now: Date = Date(), on database: any Database) async throws -> Int {
        guard let channel = try await SocialChannel.find(channelID, on: database), channel.archivedAt == nil,
              let kind = channel.platform, let connector = platform(kind) as? any Conversations else { return 0 }
        let cursor = try await InboxCursor.find(channelID, on: database) ?? InboxCursor(channelID: channelID)
        // Its platform pushes its updates to Herald: nothing to poll (polling would be refused).
        if cursor.cursor == Self.pushedCursor { return 0 }
        let batch: ConversationBatch
        var followers: [String: Bool]?
        var opened: String?
        do {
            let credential = try channel.openCredential(with: box)
            opened = credential
            if let shared = connector as? any SharedConversations, let stream = shared.sharedStream(credential: credential) {
                return try await syncShared(channel, stream: stream, cursor: cursor, connector: shared, credential: credential,
                                            now: now, on: database)
            }
            batch = try await connector.conversations(since: cursor.cursor, credential: credential)
            followers = await Self.followers(of: batch.items, channel: channel, connector: connector, credential: credential, on: database)
        } catch {
            cursor.error = (error as? PlatformError)?.message.map { String($0.prefix(500)) } ?? inboxCredentialUnreadable
            cursor.errorAt = now
            try await cursor.save(on: database)
            return 0
        }
        let known = followers
        let stored = try await database.writeTransaction { tx in
            let stored = try await Self.store(batch, channel: channel, followers: known, now: now, on: tx)
            if let next = batch.cursor { cursor.cursor = next }
            cursor.syncedAt = now
            cursor.error = nil
            cursor.errorAt = nil
            try await cursor.save(on: tx)
            return stored
        }
        // What was deleted on the platform since: a few items a round, each at most hourly (a failed look waits for the next round).
        if let checking = connector as? any ConversationChecking, let opened {
            _ = try? await Self.followDeletions(channel: channel, checking: checking, credential: opened, now: now, on: database)
        }
        return stored
    }

    /// Items asked about per sync round whether they are still on the platform.
    public static let deletionChecksPerRound = 10

    /// Asks the platform about the channel's items of the last week not asked within the hour
    /// (never asked first); those it no longer has are marked deleted and done, with a line in
    /// their history. Answers how many were found deleted.
    @discardableResult
    static func followDeletions(channel: SocialChannel, checking: any ConversationChecking, credential: String, now: Date,
                                on database: any Database) async throws -> Int {
        guard let sql = database as? any SQLDatabase, let channelID = channel.id else { throw JobStoreError.notSQL }
        let rows = try await sql.raw("""
            SELECT id, remote_id FROM inbox_items
            WHERE channel_id = \(bind: channelID) AND deleted_at IS NULL AND at >= \(bind: now.addingTimeInterval(-7 * 86_400))
              AND (checked_at IS NULL OR checked_at < \(bind: now.addingTimeInterval(-3600)))
            ORDER BY CASE WHEN checked_at IS NULL THEN 0 ELSE 1 END, checked_at, at DESC
            LIMIT \(unsafeRaw: String(deletionChecksPerRound))
            """).all().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "remote_id", as: String.self)) }
        guard !rows.isEmpty else { return 0 }
        let gone = try await checking.gone(among: rows.map(\.1), credential: credential)
        return try await database.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
            try await sql.raw("UPDATE inbox_items SET checked_at = \(bind: now) WHERE id IN (\(binds: rows.map(\.0)))").run()
            return try await Self.markDeleted(rows.map(\.1).filter(gone.contains), channel: channel, now: now, on: tx)
        }
    }

    /// Whether the authors of a read follow the account — asked of the platform only when one of the
    /// workspace's rules needs it and the platform can tell; nil otherwise, or when it would not say
    /// (the sync goes on: such a rule then does not match).
    static func followers(of items: [ConversationItem], channel: SocialChannel, connector: any Conversations, credential: String,
                          on database: any Database) async -> [String: Bool]? {
        guard !items.isEmpty, let checking = connector as? any FollowerChecking,
              let rules = try? await InboxRouting.rules(workspaceID: channel.$workspace.id, on: database),
              rules.contains(where: { $0.conditions.asksFollowers }) else { return nil }
        let authors = Array(Set(items.map(\.authorID)))
        guard let following = try? await checking.followers(among: authors, credential: credential) else { return nil }
        return Dictionary(uniqueKeysWithValues: authors.map { ($0, following.contains($0)) })
    }

    /// One read of a shared stream for every channel on it (all workspaces: a bot may serve several),
    /// each channel's items stored under it; the cursor is kept on the channel read through.
    private func syncShared(_ channel: SocialChannel, stream: String, cursor: InboxCursor, connector: any SharedConversations,
                            credential: String, now: Date, on database: any Database) async throws -> Int {
        let candidates = try await SocialChannel.query(on: database).filter(\.$platformName == channel.platformName)
            .filter(\.$archivedAt == nil).all()
        var siblings: [(SocialChannel, String)] = []
        for other in candidates {
            guard let plain = try? other.openCredential(with: box), connector.sharedStream(credential: plain) == stream,
                  let account = ChannelCredential.parse(plain).account else { continue }
            siblings.append((other, account))
        }
        let (batches, next) = try await connector.conversations(since: cursor.cursor, credential: credential, accounts: siblings.map(\.1))
        let targets = siblings
        return try await database.writeTransaction { tx in
            var stored = 0
            for (other, account) in targets {
                guard let batch = batches[account] else { continue }
                stored += try await Self.store(batch, channel: other, now: now, on: tx)
            }
            if let next { cursor.cursor = next }
            cursor.syncedAt = now
            cursor.error = nil
            cursor.errorAt = nil
            try await cursor.save(on: tx)
            return stored
        }
    }

    /// Stores what a read or a push brought: the items not stored yet (answers how many were new)
    /// and the counts it carried about the channel's posts.
    public static func store(_ batch: ConversationBatch, channel: SocialChannel, followers: [String: Bool]? = nil, now: Date,
                             on database: any Database) async throws -> Int {
        guard let channelID = channel.id else { throw JobStoreError.notSQL }
        try await MetricsSync.record(batch.counts, channelID: channelID, at: now, on: database)
        let stored = try await store(batch.items, channel: channel, followers: followers, now: now, on: database)
        try await markDeleted(batch.deleted, channel: channel, now: now, on: database)
        return stored
    }

    /// Items the platform said were deleted: marked deleted and done, with a line in their history
    /// (once: an item already marked is left as it is).
    @discardableResult
    static func markDeleted(_ remoteIDs: [String], channel: SocialChannel, now: Date, on database: any Database) async throws -> Int {
        guard !remoteIDs.isEmpty, let sql = database as? any SQLDatabase, let channelID = channel.id else { return 0 }
        let marked = try await sql.raw("""
            UPDATE inbox_items SET deleted_at = \(bind: now), updated_at = \(bind: now),
                resolved_at = CASE WHEN status = \(bind: InboxItem.Status.done.rawValue) THEN resolved_at ELSE \(bind: now) END,
                status = \(bind: InboxItem.Status.done.rawValue)
            WHERE channel_id = \(bind: channelID) AND remote_id IN (\(binds: remoteIDs)) AND deleted_at IS NULL
            RETURNING id
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        for id in marked {
            try await sql.raw("""
                INSERT INTO inbox_events (id, workspace_id, item_id, at, kind, detail)
                VALUES (\(bind: UUID()), \(bind: channel.$workspace.id), \(bind: id), \(bind: now), 'deleted', NULL)
                """).run()
        }
        return marked.count
    }

    /// An item seen again with other words: the text (and its mood) follow the platform, and the
    /// words it had before are kept in an `edited` event.
    static func followEdit(_ item: ConversationItem, reading: SentimentReading, channelID: UUID, workspaceID: UUID, now: Date,
                           on sql: any SQLDatabase) async throws {
        let text = String(item.text.prefix(20_000))
        guard let row = try await sql.raw("""
            SELECT id, text FROM inbox_items WHERE channel_id = \(bind: channelID) AND remote_id = \(bind: item.remoteID)
            """).first(), let previous = try? row.decode(column: "text", as: String.self), previous != text else { return }
        let id = try row.decode(column: "id", as: UUID.self)
        try await sql.raw("""
            UPDATE inbox_items SET text = \(bind: text), sentiment = \(bind: reading.mood.rawValue), urgent = \(bind: reading.urgent),
                   updated_at = \(bind: now)
            WHERE id = \(bind: id)
            """).run()
        try await sql.raw("""
            INSERT INTO inbox_events (id, workspace_id, item_id, at, kind, detail)
            VALUES (\(bind: UUID()), \(bind: workspaceID), \(bind: id), \(bind: now), 'edited', \(bind: String(previous.prefix(2000))))
            """).run()
    }

    /// Inserts the items not stored yet; answers how many were new. An item that answers another
    /// without naming the post (a reply deep in a Telegram discussion) belongs to its parent's post.
    /// Rows go in a hundred to a statement (a statement per item was most of the cost of a sync).
    static func store(_ items: [ConversationItem], channel: SocialChannel, followers: [String: Bool]? = nil, now: Date,
                      on database: any Database) async throws -> Int {
        guard let sql = database as? any SQLDatabase, let channelID = channel.id else { throw JobStoreError.notSQL }
        let workspaceID = channel.$workspace.id
        struct Row { var id: UUID; var item: ConversationItem; var postID: UUID?; var reading: SentimentReading }
        var rows: [Row] = []
        var seen: Set<String> = []
        var earlier: [String: (String?, UUID?)] = [:]  // this batch's items, for answers to them in the same batch
        for var item in items where seen.insert(item.remoteID).inserted {
            var postID: UUID?
            if item.postRemoteID == nil, let parent = item.parentRemoteID, let known = earlier[parent] {
                (item.postRemoteID, postID) = known
            } else if item.postRemoteID == nil, let parent = item.parentRemoteID,
               let row = try await sql.raw("""
                   SELECT post_remote_id, post_id FROM inbox_items WHERE channel_id = \(bind: channelID) AND remote_id = \(bind: parent)
                   """).first() {
                item.postRemoteID = try row.decode(column: "post_remote_id", as: String?.self)
                postID = try row.decode(column: "post_id", as: UUID?.self)
            }
            if postID == nil, let remote = item.postRemoteID {
                postID = try await sql.raw("""
                    SELECT post_id FROM publications WHERE channel_id = \(bind: channelID) AND remote_id = \(bind: remote) LIMIT 1
                    """).first()?.decode(column: "post_id", as: UUID.self)
            }
            rows.append(Row(id: UUID(), item: item, postID: postID, reading: Sentiment.read(item.text)))
            earlier[item.remoteID] = (item.postRemoteID, postID)
        }
        var inserted: Set<UUID> = []
        for start in stride(from: 0, to: rows.count, by: 100) {
            let chunk = rows[start..<min(rows.count, start + 100)]
            let values: [SQLQueryString] = chunk.map { row in
                let item = row.item
                return """
                    (\(bind: row.id), \(bind: workspaceID), \(bind: channelID), \(bind: item.remoteID), \(bind: item.kind.rawValue),
                     \(bind: item.authorID), \(bind: String(item.authorName.prefix(200))), \(bind: String(item.text.prefix(20_000))),
                     \(bind: item.at), \(bind: item.postRemoteID), \(bind: item.parentRemoteID), \(bind: item.conversationID),
                     \(bind: row.postID), 'open', \(bind: row.reading.urgent ? "high" : "normal"), '', \(bind: row.reading.mood.rawValue),
                     \(bind: row.reading.urgent), \(bind: followers?[item.authorID]), \(bind: now), \(bind: now))
                    """
            }
            let query: SQLQueryString = """
                INSERT INTO inbox_items (id, workspace_id, channel_id, remote_id, kind, author_id, author_name, text, at,
                                         post_remote_id, parent_remote_id, conversation_id, post_id, status, priority, labels,
                                         sentiment, urgent, author_follows, created_at, updated_at)
                VALUES \(values.joined(separator: ", "))
                ON CONFLICT (channel_id, remote_id) DO NOTHING
                RETURNING id
                """
            for row in try await sql.raw(query).all() { inserted.insert(try row.decode(column: "id", as: UUID.self)) }
        }
        // Known already: an edit on the platform (Telegram's edited_message) brings the new words; the old stay in the history.
        for row in rows where !inserted.contains(row.id) {
            try await followEdit(row.item, reading: row.reading, channelID: channelID, workspaceID: workspaceID, now: now, on: sql)
        }
        // The workspace's routing rules, read once per batch, on what is new (in the order it came).
        let new = rows.filter { inserted.contains($0.id) }
        guard !new.isEmpty else { return 0 }
        let rules = try await InboxRouting.rules(workspaceID: workspaceID, on: database)
        guard !rules.isEmpty else { return new.count }
        for row in new {
            guard let saved = try await InboxItem.find(row.id, on: database) else { continue }
            let item = row.item
            let facts = RoutingFacts(text: item.text, channelID: channelID, kind: item.kind.rawValue, authorID: item.authorID,
                                     authorName: item.authorName,
                                     isNewAuthor: try await InboxRouting.isNewAuthor(item.authorID, workspaceID: workspaceID, except: row.id,
                                                                                     on: database),
                                     reading: row.reading, isFollower: followers?[item.authorID])
            try await InboxRouting.route(saved, facts: facts, rules: rules, now: now, on: database)
        }
        return new.count
    }
}
