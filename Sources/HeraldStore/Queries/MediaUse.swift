import FluentKit
import Foundation
import HeraldCore
import SQLKit

/// Which posts still need a library file: scheduled ones (the worker will upload it) and ones
/// that went out or may have (their page shows it). Media ids are JSON arrays in text columns,
/// written by `UUIDList` (upper-case UUID strings), so a LIKE on that exact form finds them on
/// both databases.
public enum MediaUse {
    /// The first such post's excerpt, or nil when no post needs the file.
    public static func neededBy(mediaID: UUID, workspaceID: UUID, on database: any Database) async throws -> String? {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let pattern = "%\"\(mediaID.text)\"%"
        let row = try await sql.raw("""
            SELECT p.text FROM posts p
            WHERE p.workspace_id = \(bind: workspaceID)
              AND (p.media_ids LIKE \(bind: pattern) OR EXISTS (
                    SELECT 1 FROM post_targets t WHERE t.post_id = p.id AND t.media_ids LIKE \(bind: pattern)))
              AND (p.status IN ('scheduled', 'published') OR EXISTS (
                    SELECT 1 FROM publications x WHERE x.post_id = p.id AND x.state IN ('publishing', 'published', 'unknown')))
            LIMIT 1
            """).first()
        return try row.map { String(try $0.decode(column: "text", as: String.self).prefix(60)) }
    }
}
