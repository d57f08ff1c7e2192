import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore
import SQLKit

/// Sending answers to inbox items through their channel's connector. An answer is recorded
/// before it leaves (`publishing`) and its outcome after; one that must wait — written by a rule,
/// or approved by someone — is `queued` and sent by the worker, which claims it first so two
/// workers never send it twice. One left `publishing` by a crash becomes `unknown` for a person
/// to look at: never sent again by itself.
public struct InboxReplies: Sendable {
    public let box: SecretBox
    public let platform: @Sendable (Platform) -> (any SocialPlatform)?
    /// How long an answer may stay `publishing` before it is taken to be lost in a crash.
    public var stuckAfter: TimeInterval = 600

    public init(box: SecretBox, platform: @escaping @Sendable (Platform) -> (any SocialPlatform)?) {
        self.box = box
        self.platform = platform
    }

    /// Sends a reply already recorded `publishing` and records what came of it.
    public func send(_ reply: InboxReply, item: InboxItem, channel: SocialChannel, on database: any Database) async throws {
        guard let kind = channel.platform, let connector = platform(kind) as? any Conversations else {
            reply.state = "failed"
            reply.reason = inboxNotAvailable
            try await reply.save(on: database)
            return
        }
        let request = ReplyRequest(item: ConversationItem(
            remoteID: item.remoteID, kind: ConversationItem.Kind(rawValue: item.kindName) ?? .comment, authorID: item.authorID,
            authorName: item.authorName, text: item.text, at: item.at, postRemoteID: item.postRemoteID,
            parentRemoteID: item.parentRemoteID, conversationID: item.conversationID), text: reply.text, idempotencyKey: reply.idempotencyKey)
        do {
            let credential = try channel.openCredential(with: box)
            let sent = try await connector.reply(request, credential: credential)
            reply.state = "published"
            reply.remoteID = sent.remoteID
            item.statusName = InboxItem.Status.waiting.rawValue
            if item.firstResponseAt == nil { item.firstResponseAt = Date() }
            try await item.save(on: database)
        } catch let error as PlatformError {
            if case .outcomeUnknown = error { reply.state = "unknown" } else { reply.state = "failed" }
            reply.reason = error.message.map { String($0.prefix(500)) }
        } catch {
            reply.state = "failed"
            reply.reason = inboxCredentialUnreadable
        }
        try await reply.save(on: database)
    }

    /// What Herald knows to put into a saved reply for `item` (its channel loaded): the author, our
    /// post's address on the item's channel, the channel.
    public static func values(for item: InboxItem, on database: any Database) async throws -> [String: String] {
        var values = ["name": item.authorName.hasPrefix("@") ? String(item.authorName.dropFirst()) : item.authorName,
                      "channel": item.channel.name]
        if let post = item.postID, let sql = database as? any SQLDatabase,
           let url = try await sql.raw("""
               SELECT url FROM publications WHERE post_id = \(bind: post) AND channel_id = \(bind: item.$channel.id) AND url IS NOT NULL LIMIT 1
               """).first()?.decode(column: "url", as: String.self) {
            values["post_link"] = url
        }
        return values
    }

    /// Claims up to `limit` queued answers and sends them; answers how many were taken.
    @discardableResult
    public func runOnce(limit: Int = 10, now: Date = Date(), on database: any Database) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        // A crash between "publishing" and its outcome: say so, never send again by itself.
        try await sql.raw("""
            UPDATE inbox_replies SET state = 'unknown', reason = \(bind: inboxStuckReply), updated_at = \(bind: now)
            WHERE state = 'publishing' AND updated_at < \(bind: now.addingTimeInterval(-stuckAfter))
            """).run()
        let queued = try await InboxReply.query(on: database).filter(\.$state == "queued").sort(\.$createdAt).limit(limit).all()
        var taken = 0
        for reply in queued {
            guard let id = reply.id else { continue }
            // Claimed by whoever marks it first.
            let claimed = try await sql.raw("""
                UPDATE inbox_replies SET state = 'publishing', updated_at = \(bind: now) WHERE id = \(bind: id) AND state = 'queued' RETURNING id
                """).first()
            guard claimed != nil, let item = try await InboxItem.query(on: database).filter(\.$id == reply.$item.id).with(\.$channel).first() else {
                continue
            }
            reply.state = "publishing"
            taken += 1
            try await send(reply, item: item, channel: item.channel, on: database)
        }
        return taken
    }
}

/// Stored as a reply's reason when its channel's platform cannot answer (pages say it from the catalogue).
public let inboxNotAvailable = "herald:not_available"
/// Stored when an answer was being sent as the process stopped: nobody knows whether it went out.
public let inboxStuckReply = "herald:stuck"
