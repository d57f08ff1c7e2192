import FluentKit
import Foundation
import HeraldCore
import SQLKit

/// The database side of publication steps (first comments): created with their job in the
/// transaction that records the publication as published, so none is lost; one per
/// publication and kind, so none is made twice.
public enum PublicationSteps {
    public static let jobKind = "publish_step"

    public static func jobKey(_ stepID: UUID) -> String { "step:\(stepID.uuidString)" }

    /// Inside the transaction that records these publications as published.
    public static func createFirstComments(_ items: [(publicationID: UUID, workspaceID: UUID, text: String)], now: Date,
                                           on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        for item in items {
            let row = try await sql.raw("""
                INSERT INTO publication_steps (id, workspace_id, publication_id, kind, text, state, attempt, idempotency_key,
                                               created_at, updated_at)
                VALUES (\(bind: UUID()), \(bind: item.workspaceID), \(bind: item.publicationID),
                        \(bind: PublicationStep.Kind.firstComment.rawValue), \(bind: item.text), 'scheduled', 0,
                        \(bind: UUID().uuidString.lowercased()), \(bind: now), \(bind: now))
                ON CONFLICT (publication_id, kind) DO NOTHING
                RETURNING id
                """).first()
            guard let id = try row?.decode(column: "id", as: UUID.self) else { continue }  // made before
            try await JobStore.enqueue(kind: jobKind, payload: id.uuidString, dedupeKey: jobKey(id), runAt: now, priority: 8,
                                       now: now, on: database)
        }
    }
}
