import FluentKit
import Foundation
import HeraldCore
import SQLKit

/// Removing a channel without losing what went out on it. What waits to be sent on it is
/// withdrawn (its jobs and its not-yet-sent publications and targets go); a channel that has
/// published, or whose audience wrote to it (inbox items), keeps its row, archived and without its
/// credential, so the post pages and the inbox keep their history; one with neither is deleted. Refused while a publication on it is being
/// sent or has an unknown outcome.
public enum ChannelRemoval {
    public enum Outcome: Sendable, Equatable {
        case deleted
        /// Kept for the history of this many published posts and inbox items.
        case archived(published: Int, inboxItems: Int)
    }

    /// Inside a transaction.
    public static func remove(_ channel: SocialChannel, now: Date, on database: any Database) async throws -> Outcome {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        let channelID = try channel.requireID()
        let rows = try await sql.raw("SELECT id, state FROM publications WHERE channel_id = \(bind: channelID)").all()
        var withdrawn: [UUID] = []
        var published = 0
        for row in rows {
            switch PublicationState.Kind(rawValue: try row.decode(column: "state", as: String.self)) {
            case .published: published += 1
            case .unknown: throw PublicationsLocked(channel: channel.name, reason: .unknown)
            case .publishing, nil: throw PublicationsLocked(channel: channel.name, reason: .inFlight)
            case .scheduled, .failed: withdrawn.append(try row.decode(column: "id", as: UUID.self))
            }
        }
        for chunk in withdrawn.chunks(of: 500) {
            try await sql.raw("DELETE FROM jobs WHERE dedupe_key IN (\(binds: chunk.map(DuePublications.jobKey)))").run()
            try await sql.raw("DELETE FROM publications WHERE id IN (\(binds: chunk))").run()
        }
        // Targets that never went out on it; the posts they belong to are scanned again.
        try await sql.raw("""
            UPDATE posts SET dispatched_at = NULL WHERE id IN (
                SELECT t.post_id FROM post_targets t WHERE t.channel_id = \(bind: channelID)
                  AND NOT EXISTS (SELECT 1 FROM publications p WHERE p.target_id = t.id))
            """).run()
        try await sql.raw("""
            DELETE FROM post_targets WHERE channel_id = \(bind: channelID)
              AND NOT EXISTS (SELECT 1 FROM publications p WHERE p.target_id = post_targets.id)
            """).run()
        let inboxItems = try await sql.raw("SELECT COUNT(*) AS n FROM inbox_items WHERE channel_id = \(bind: channelID)").first()?
            .decode(column: "n", as: Int.self) ?? 0
        guard published > 0 || inboxItems > 0 else {
            try await channel.delete(on: database)
            return .deleted
        }
        channel.archivedAt = now
        channel.sealedCredentials = Data()
        channel.stateName = ChannelState.paused.rawValue
        channel.stateReason = nil
        try await channel.save(on: database)
        return .archived(published: published, inboxItems: inboxItems)
    }
}
