import FluentKit
import Foundation
import HeraldCore
import SQLKit

/// The Sandbox network's posts in the database, so they outlive the process.
public struct DatabaseSandboxStorage: SandboxStorage {
    let database: @Sendable () -> any Database

    public init(database: @escaping @Sendable () -> any Database) {
        self.database = database
    }

    public func store(account: String, idempotencyKey: String, text: String, link: String?, content: SandboxContentType,
                      image: SandboxImageType?, at: Date) async throws -> SandboxStoredPost {
        guard let sql = database() as? any SQLDatabase else { throw JobStoreError.notSQL }
        let remoteID = "sandbox-" + UUID().text.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        // A repeated key keeps the first post (ON CONFLICT works alike in SQLite and PostgreSQL).
        try await sql.raw("""
            INSERT INTO sandbox_posts (id, remote_id, account, idempotency_key, text, link, content_type, image_type, created_at,
                                       simulated_until)
            VALUES (\(bind: UUID()), \(bind: remoteID), \(bind: account), \(bind: idempotencyKey), \(bind: text), \(bind: link),
                    \(bind: content.rawValue), \(bind: image?.rawValue), \(bind: at), \(bind: at))
            ON CONFLICT (idempotency_key) DO NOTHING
            """).run()
        guard let stored = try await find(idempotencyKey: idempotencyKey) else { throw SandboxNetworkError.notStored }
        return stored
    }

    public func find(idempotencyKey: String) async throws -> SandboxStoredPost? {
        guard let sql = database() as? any SQLDatabase else { throw JobStoreError.notSQL }
        return try await sql.raw("""
            SELECT remote_id, account, idempotency_key, text, content_type, image_type, created_at FROM sandbox_posts
            WHERE idempotency_key = \(bind: idempotencyKey)
            """).first().map(SandboxNetwork.post(from:))
    }

    public func comment(on remoteID: String, account: String, idempotencyKey: String, text: String, at: Date) async throws -> SandboxComment? {
        guard let sql = database() as? any SQLDatabase else { throw JobStoreError.notSQL }
        // The account's own comment is an event with a key, so a repeated request keeps the first.
        try await sql.raw("""
            INSERT INTO sandbox_events (id, post_id, kind, author, text, occurred_at, idempotency_key)
            SELECT \(bind: UUID()), id, 'comment', account, \(bind: text), \(bind: at), \(bind: idempotencyKey)
            FROM sandbox_posts WHERE remote_id = \(bind: remoteID) AND account = \(bind: account)
            ON CONFLICT (idempotency_key) DO NOTHING
            """).run()
        return try await findComment(idempotencyKey: idempotencyKey)
    }

    public func findComment(idempotencyKey: String) async throws -> SandboxComment? {
        guard let sql = database() as? any SQLDatabase else { throw JobStoreError.notSQL }
        let row = try await sql.raw("""
            SELECT e.id, e.text, e.occurred_at, p.remote_id FROM sandbox_events e JOIN sandbox_posts p ON p.id = e.post_id
            WHERE e.idempotency_key = \(bind: idempotencyKey)
            """).first()
        return try row.map { row in
            SandboxComment(remoteID: "sandbox-comment-" + (try row.decode(column: "id", as: UUID.self)).text.lowercased(),
                           postRemoteID: try row.decode(column: "remote_id", as: String.self),
                           text: try row.decode(column: "text", as: String?.self) ?? "", at: try row.decode(column: "occurred_at", as: Date.self))
        }
    }
}

extension DatabaseSandboxStorage {
    public func engagement(remoteIDs: [String]) async throws -> [String: [SandboxEventKind: Int]] {
        var counts = try await SandboxNetwork.engagement(remoteIDs: remoteIDs, on: database())
        // A post nobody reacted to yet is there with no counts (zeros), unlike a post that is gone.
        guard let sql = database() as? any SQLDatabase, !remoteIDs.isEmpty else { return counts }
        for row in try await sql.raw("SELECT remote_id FROM sandbox_posts WHERE remote_id IN (\(binds: remoteIDs))").all() {
            let id = try row.decode(column: "remote_id", as: String.self)
            if counts[id] == nil { counts[id] = [:] }
        }
        return counts
    }

    public func followers(account: String) async throws -> Int {
        guard let sql = database() as? any SQLDatabase else { throw JobStoreError.notSQL }
        return try await sql.raw("""
            SELECT COUNT(*) AS n FROM sandbox_events e JOIN sandbox_posts p ON p.id = e.post_id
            WHERE p.account = \(bind: account) AND e.kind = 'follow'
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    public func followers(account: String, among authors: [String]) async throws -> Set<String> {
        guard let sql = database() as? any SQLDatabase else { throw JobStoreError.notSQL }
        guard !authors.isEmpty else { return [] }
        var found: Set<String> = []
        for start in stride(from: 0, to: authors.count, by: 500) {
            let chunk = Array(authors[start..<min(authors.count, start + 500)])
            for row in try await sql.raw("""
                SELECT DISTINCT e.author FROM sandbox_events e JOIN sandbox_posts p ON p.id = e.post_id
                WHERE p.account = \(bind: account) AND e.kind = 'follow' AND e.author IN (\(binds: chunk))
                """).all() {
                found.insert(try row.decode(column: "author", as: String.self))
            }
        }
        return found
    }

    public func moderate(event id: String, action: String, at: Date) async throws -> Bool {
        guard let sql = database() as? any SQLDatabase else { throw JobStoreError.notSQL }
        guard let uuid = UUID(text: id),
              try await sql.raw("SELECT id FROM sandbox_events WHERE id = \(bind: uuid)").first() != nil else { return false }
        if action == "delete" {
            try await sql.raw("DELETE FROM sandbox_events WHERE id = \(bind: uuid)").run()
        } else {
            try await sql.raw("""
                INSERT INTO sandbox_moderation (event_id, action, at) VALUES (\(bind: uuid), \(bind: action), \(bind: at))
                ON CONFLICT (event_id, action) DO NOTHING
                """).run()
        }
        return true
    }

    /// What the account did to the audience's comments and messages (like, hide), by event id.
    public func moderation(of id: String) async throws -> Set<String> {
        guard let sql = database() as? any SQLDatabase, let uuid = UUID(text: id) else { return [] }
        return Set(try await sql.raw("SELECT action FROM sandbox_moderation WHERE event_id = \(bind: uuid)").all()
            .map { try $0.decode(column: "action", as: String.self) })
    }

    public func missingEvents(_ ids: [String]) async throws -> Set<String> {
        guard let sql = database() as? any SQLDatabase else { throw JobStoreError.notSQL }
        let wanted = ids.compactMap { id in UUID(text: id).map { (id, $0) } }
        guard !wanted.isEmpty else { return [] }
        let present = Set(try await sql.raw("SELECT id FROM sandbox_events WHERE id IN (\(binds: wanted.map(\.1)))").all()
            .map { try $0.decode(column: "id", as: UUID.self) })
        return Set(wanted.filter { !present.contains($0.1) }.map(\.0))
    }

    public func inbox(account: String, after cursor: SandboxInboxCursor?, limit: Int) async throws -> [SandboxInboxEvent] {
        guard let sql = database() as? any SQLDatabase else { throw JobStoreError.notSQL }
        let from = cursor?.at ?? .distantPast
        let rows = try await sql.raw("""
            SELECT e.id, e.kind, e.author, e.text, e.occurred_at, p.remote_id FROM sandbox_events e
            JOIN sandbox_posts p ON p.id = e.post_id
            WHERE p.account = \(bind: account) AND e.kind IN ('comment', 'message') AND e.idempotency_key IS NULL
              AND e.occurred_at >= \(bind: from)
            ORDER BY e.occurred_at, e.id LIMIT \(literal: limit + (cursor?.seen.count ?? 0))
            """).all()
        let events = try rows.compactMap { row -> SandboxInboxEvent? in
            guard let kind = SandboxEventKind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
            return SandboxInboxEvent(id: (try row.decode(column: "id", as: UUID.self)).text.lowercased(),
                                     postRemoteID: try row.decode(column: "remote_id", as: String.self), kind: kind,
                                     author: try row.decode(column: "author", as: String.self),
                                     text: try row.decode(column: "text", as: String?.self) ?? "",
                                     at: try row.decode(column: "occurred_at", as: Date.self))
        }
        return Array(events.filter { !(cursor?.seen.contains($0.id) ?? false) }.prefix(limit))
    }
}

/// The simulated audience at work, and what it did, for the pages that show it.
public enum SandboxNetwork {
    /// A post whose audience has lost interest is marked simulated "forever".
    static let finished = Date(timeIntervalSince1970: 253_402_214_400)  // 9999-12-31

    /// Lets each account's audience react to its posts up to `now`: likes, shares, comments,
    /// clicks, direct messages and follows, drawn hour by hour (see `SandboxAudience`). Returns
    /// how many events it recorded. Idempotent: each post remembers how far it was simulated.
    @discardableResult
    public static func advance(now: Date = Date(), batch: Int = 200, on database: any Database) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let rows = try await sql.raw("""
            SELECT id, remote_id, account, idempotency_key, text, content_type, image_type, created_at, simulated_until
            FROM sandbox_posts WHERE simulated_until < \(bind: now) ORDER BY simulated_until LIMIT \(literal: batch)
            """).all()
        var audiences: [String: SandboxAudience] = [:]
        var recorded = 0
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            let post = try post(from: row)
            let from = try row.decode(column: "simulated_until", as: Date.self)
            let audience = audiences[post.account] ?? SandboxAudience.forAccount(post.account)
            audiences[post.account] = audience
            let end = post.createdAt.addingTimeInterval(SandboxAudience.lifetime)
            let events = audience.events(post: post.idempotencyKey, postedAt: post.createdAt, content: post.content, image: post.image,
                                         russian: post.isRussian, from: from, to: now)
            try await database.writeTransaction { tx in
                guard let tx = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
                for chunk in stride(from: 0, to: events.count, by: 200) {
                    let insert = tx.insert(into: "sandbox_events").columns("id", "post_id", "kind", "author", "text", "occurred_at")
                    for event in events[chunk..<min(events.count, chunk + 200)] {
                        insert.values(SQLBind(UUID()), SQLBind(id), SQLBind(event.kind.rawValue), SQLBind(event.author),
                                      SQLBind(event.text), SQLBind(event.at))
                    }
                    try await insert.run()
                }
                try await tx.raw("""
                    UPDATE sandbox_posts SET simulated_until = \(bind: now >= end ? finished : now) WHERE id = \(bind: id)
                    """).run()
            }
            recorded += events.count
        }
        return recorded
    }

    /// Counts by kind for each of these Sandbox posts (by remote id).
    public static func engagement(remoteIDs: [String], on database: any Database) async throws -> [String: [SandboxEventKind: Int]] {
        guard !remoteIDs.isEmpty else { return [:] }
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let rows = try await sql.raw("""
            SELECT p.remote_id, e.kind, COUNT(*) AS n FROM sandbox_events e JOIN sandbox_posts p ON p.id = e.post_id
            WHERE p.remote_id IN (\(binds: remoteIDs)) AND e.idempotency_key IS NULL GROUP BY p.remote_id, e.kind
            """).all()
        var result: [String: [SandboxEventKind: Int]] = [:]
        for row in rows {
            guard let kind = SandboxEventKind(rawValue: try row.decode(column: "kind", as: String.self)) else { continue }
            result[try row.decode(column: "remote_id", as: String.self), default: [:]][kind] = try row.decode(column: "n", as: Int.self)
        }
        return result
    }

    /// The latest comments and direct messages on a Sandbox post, newest first.
    public static func conversation(remoteID: String, limit: Int = 20, on database: any Database) async throws -> [SandboxEvent] {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let rows = try await sql.raw("""
            SELECT e.kind, e.author, e.text, e.occurred_at FROM sandbox_events e JOIN sandbox_posts p ON p.id = e.post_id
            WHERE p.remote_id = \(bind: remoteID) AND e.kind IN ('comment', 'message')
            ORDER BY e.occurred_at DESC LIMIT \(literal: limit)
            """).all()
        return try rows.compactMap { row in
            guard let kind = SandboxEventKind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
            return SandboxEvent(kind: kind, at: try row.decode(column: "occurred_at", as: Date.self),
                                author: try row.decode(column: "author", as: String.self), text: try row.decode(column: "text", as: String?.self))
        }
    }

    static func post(from row: any SQLRow) throws -> SandboxStoredPost {
        SandboxStoredPost(remoteID: try row.decode(column: "remote_id", as: String.self), account: try row.decode(column: "account", as: String.self),
                          idempotencyKey: try row.decode(column: "idempotency_key", as: String.self),
                          text: try row.decode(column: "text", as: String.self),
                          content: SandboxContentType(rawValue: try row.decode(column: "content_type", as: String.self)) ?? .text,
                          image: try row.decode(column: "image_type", as: String?.self).flatMap(SandboxImageType.init(rawValue:)),
                          createdAt: try row.decode(column: "created_at", as: Date.self))
    }
}

public enum SandboxNetworkError: Error, CustomStringConvertible {
    case notStored
    public var description: String { "the Sandbox network could not store the post" }
}
