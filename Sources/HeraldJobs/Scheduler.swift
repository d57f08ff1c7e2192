import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// Turns due scheduled posts into one publication and one publish job per channel. Safe to run
/// from several processes: a publication is unique per target and the job's dedupe key is the
/// publication's id, so a second tick adds nothing.
public enum Scheduler {
    public static let publishKind = "publish"

    /// Returns how many publications it created.
    @discardableResult
    public static func tick(now: Date = Date(), on database: any Database) async throws -> Int {
        let due = try await Post.query(on: database)
            .filter(\.$statusName == PostStatus.scheduled.rawValue)
            .filter(\.$scheduledAt <= now)
            .all()
        var created = 0
        for post in due {
            let postID = try post.requireID()
            let targets = try await PostTarget.query(on: database).filter(\.$post.$id == postID).all()
            for target in targets {
                let targetID = try target.requireID()
                guard try await PublicationRecord.query(on: database).filter(\.$target.$id == targetID).first() == nil else { continue }
                let publication = PublicationRecord(workspaceID: post.$workspace.id, postID: postID, targetID: targetID,
                                                    channelID: target.$channel.id)
                do {
                    try await database.transaction { tx in
                        try await publication.create(on: tx)
                        let id = try publication.requireID().uuidString
                        try await JobStore.enqueue(kind: publishKind, payload: id, dedupeKey: "publish:\(id)",
                                                   runAt: post.scheduledAt ?? now, priority: 10, now: now, on: tx)
                    }
                    created += 1
                } catch let error as any DatabaseError where error.isConstraintFailure {
                    continue  // another scheduler made it first
                }
            }
        }
        return created
    }
}
