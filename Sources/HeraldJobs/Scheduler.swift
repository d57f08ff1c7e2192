import FluentKit
import Foundation
import HeraldStore

/// Turns due scheduled posts into one publication and one publish job per channel. Safe to run
/// from several processes: a publication is unique per target and the job's dedupe key is the
/// publication's id, so a second tick adds nothing. Works in batches of due targets that have no
/// publication yet, so its cost follows the work to do, not the size of the calendar.
public enum Scheduler {
    public static let publishKind = DuePublications.publishKind
    /// Posts due within this get their publications and jobs ahead of time (their jobs run at
    /// the post's time), so a burst of posts due at one instant starts sending at that instant.
    public static let defaultLookahead: TimeInterval = 60

    /// Returns how many publications it created.
    @discardableResult
    public static func tick(now: Date = Date(), lookahead: TimeInterval = defaultLookahead, batch: Int = 500,
                            on database: any Database) async throws -> Int {
        try await DuePublications.create(now: now, lookahead: lookahead, batch: batch, on: database)
    }
}
