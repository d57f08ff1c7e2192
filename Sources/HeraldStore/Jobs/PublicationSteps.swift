import FluentKit
import Foundation
import HeraldCore
import SQLKit

/// The database side of publication steps (first comments, thread parts): created with their
/// job in the transaction that records the publication as published, so none is lost; one per
/// publication and kind, so none is made twice. A thread's parts are made together; only the
/// first has a job, and each part's job is queued when the part before it is out.
public enum PublicationSteps {
    public static let jobKind = "publish_step"

    public static func jobKey(_ stepID: UUID) -> String { "step:\(stepID.text)" }

    /// Inside the transaction that records these publications as published.
    public static func createFirstComments(_ items: [(publicationID: UUID, workspaceID: UUID, text: String)], now: Date,
                                           on database: any Database) async throws {
        for item in items {
            guard let id = try await insert(.firstComment, text: item.text, publicationID: item.publicationID,
                                             workspaceID: item.workspaceID, now: now, on: database) else { continue }
            try await enqueue(id, now: now, on: database)
        }
    }

    /// Pinning these publications' posts, in the same transaction.
    public static func createPins(_ items: [(publicationID: UUID, workspaceID: UUID)], now: Date, on database: any Database) async throws {
        for item in items {
            guard let id = try await insert(.pin, text: "", publicationID: item.publicationID, workspaceID: item.workspaceID,
                                             now: now, on: database) else { continue }
            try await enqueue(id, now: now, on: database)
        }
    }

    /// Deleting a publication's post from the platform: made (or, after a failure, made to wait
    /// again) and queued. Nil when it is already done or under way.
    @discardableResult
    public static func requestRemoval(publicationID: UUID, workspaceID: UUID, now: Date, on database: any Database) async throws -> UUID? {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        if let id = try await insert(.removal, text: "", publicationID: publicationID, workspaceID: workspaceID, now: now, on: database) {
            try await enqueue(id, now: now, on: database)
            return id
        }
        // One exists: only a failed one is tried again.
        guard let row = try await sql.raw("""
            UPDATE publication_steps SET state = 'scheduled', problem = NULL, reason = NULL, updated_at = \(bind: now)
            WHERE publication_id = \(bind: publicationID) AND kind = 'remove' AND state = 'failed'
            RETURNING id
            """).first(), let id = try? row.decode(column: "id", as: UUID.self) else { return nil }
        try await JobStore.enqueue(kind: jobKind, payload: id.text, dedupeKey: jobKey(id) + ":\(now.timeIntervalSince1970)",
                                   runAt: now, priority: 8, now: now, on: database)
        return id
    }

    /// The media ids uploaded for a publication, when an earlier attempt kept them.
    public static func uploadedMedia(publicationID: UUID, on database: any Database) async throws -> [String]? {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        guard let row = try await sql.raw("""
            SELECT text FROM publication_steps WHERE publication_id = \(bind: publicationID) AND kind = 'media'
            """).first() else { return nil }
        let text = try row.decode(column: "text", as: String.self)
        return text.isEmpty ? nil : text.split(separator: "\n").map(String.init)
    }

    /// Keeps the media ids of a publication (replacing any kept before).
    public static func keepMedia(_ ids: [String], publicationID: UUID, workspaceID: UUID, now: Date, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        try await sql.raw("DELETE FROM publication_steps WHERE publication_id = \(bind: publicationID) AND kind = 'media'").run()
        try await sql.raw("""
            INSERT INTO publication_steps (id, workspace_id, publication_id, kind, text, state, attempt, idempotency_key,
                                           published_at, created_at, updated_at)
            VALUES (\(bind: UUID()), \(bind: workspaceID), \(bind: publicationID), 'media', \(bind: ids.joined(separator: "\n")),
                    'published', 0, \(bind: UUID().text.lowercased()), \(bind: now), \(bind: now), \(bind: now))
            """).run()
    }

    /// Forgets the kept media ids (the platform no longer has them).
    public static func forgetMedia(publicationID: UUID, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        try await sql.raw("DELETE FROM publication_steps WHERE publication_id = \(bind: publicationID) AND kind = 'media'").run()
    }

    /// A correction of the post's text on the platform: the next numbered edit step, queued.
    @discardableResult
    public static func requestEdit(publicationID: UUID, workspaceID: UUID, text: String, now: Date, on database: any Database) async throws -> UUID? {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let count = try await sql.raw("""
            SELECT COUNT(*) AS n FROM publication_steps WHERE publication_id = \(bind: publicationID) AND kind LIKE 'edit:%'
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        guard let id = try await insert(.edit(count + 1), text: text, publicationID: publicationID, workspaceID: workspaceID,
                                        now: now, on: database) else { return nil }
        try await enqueue(id, now: now, on: database)
        return id
    }

    /// The thread's later posts of these publications, in the same transaction; the first part is queued.
    public static func createThreads(_ items: [(publicationID: UUID, workspaceID: UUID, parts: [String])], now: Date,
                                     on database: any Database) async throws {
        for item in items {
            var first: UUID?
            for (index, part) in item.parts.enumerated() {
                let id = try await insert(.threadPart(index + 2), text: part, publicationID: item.publicationID,
                                          workspaceID: item.workspaceID, now: now, on: database)
                if index == 0 { first = id }
            }
            if let first { try await enqueue(first, now: now, on: database) }
        }
    }

    /// Queues a step's job (once: the job's key is the step's).
    public static func enqueue(_ stepID: UUID, now: Date, on database: any Database) async throws {
        try await JobStore.enqueue(kind: jobKind, payload: stepID.text, dedupeKey: jobKey(stepID), runAt: now, priority: 8,
                                   now: now, on: database)
    }

    /// A new step, or nil when the publication has this step already.
    private static func insert(_ kind: PublicationStep.Kind, text: String, publicationID: UUID, workspaceID: UUID, now: Date,
                               on database: any Database) async throws -> UUID? {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let row = try await sql.raw("""
            INSERT INTO publication_steps (id, workspace_id, publication_id, kind, text, state, attempt, idempotency_key,
                                           created_at, updated_at)
            VALUES (\(bind: UUID()), \(bind: workspaceID), \(bind: publicationID), \(bind: kind.rawValue), \(bind: text), 'scheduled', 0,
                    \(bind: UUID().text.lowercased()), \(bind: now), \(bind: now))
            ON CONFLICT (publication_id, kind) DO NOTHING
            RETURNING id
            """).first()
        return try row?.decode(column: "id", as: UUID.self)
    }
}
