import FluentKit
import Foundation
import SQLKit

/// When each worker last went round its loop. A worker writes its beat at most every `interval`
/// from the loop itself, so a worker that hangs falls silent as surely as one that stopped; the
/// pages read the latest beat of any worker to tell people that posts are not going out
/// (`PublishingWatch`). Rows of workers not seen for `keep` are removed by the next worker to beat.
public enum WorkerBeats {
    /// How often a running worker writes its beat.
    public static let interval: TimeInterval = 20
    /// A worker not seen for this long is taken to have stopped: long enough for a slow round of
    /// the loop (the hourly maintenance renews credentials over the network), short enough that a
    /// missed post is explained within minutes.
    public static let silence: TimeInterval = 180
    /// Beats of workers gone this long are removed (every process start is a new worker).
    public static let keep: TimeInterval = 7 * 86_400

    /// Records that `worker` (its queue owner name) is alive now and when it last ran the
    /// scheduler (nil: it has not led); removes long-gone workers' rows.
    public static func beat(worker: String, started: Date, led: Date? = nil, now: Date = Date(), on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        try await sql.raw("""
            INSERT INTO worker_beats (worker, started_at, seen_at, led_at) VALUES (\(bind: worker), \(bind: started), \(bind: now), \(bind: led))
            ON CONFLICT (worker) DO UPDATE SET seen_at = excluded.seen_at, led_at = excluded.led_at
            """).run()
        try await sql.raw("DELETE FROM worker_beats WHERE seen_at < \(bind: now.addingTimeInterval(-keep))").run()
    }

    /// What the beats say, over every worker of this installation.
    public struct Reading: Sendable, Equatable {
        /// The latest beat; nil when no worker has run (or none for `keep`).
        public var seen: Date?
        /// The latest time a worker ran the scheduler; nil when none has.
        public var led: Date?
        /// When the longest-running of the workers seen within `silence` started.
        public var aliveSince: Date?

        public init(seen: Date?, led: Date?, aliveSince: Date?) {
            self.seen = seen
            self.led = led
            self.aliveSince = aliveSince
        }
    }

    public static func read(now: Date = Date(), on database: any Database) async throws -> Reading {
        guard let sql = database as? any SQLDatabase else { throw JobStoreError.notSQL }
        // ORDER BY … LIMIT 1 rather than MAX(): one index step for the beat, and a date column
        // decoded as a date on both databases.
        guard let row = try await sql.raw("""
            SELECT (SELECT seen_at FROM worker_beats ORDER BY seen_at DESC LIMIT 1) AS seen_at,
                   (SELECT led_at FROM worker_beats WHERE led_at IS NOT NULL ORDER BY led_at DESC LIMIT 1) AS led_at,
                   (SELECT started_at FROM worker_beats WHERE seen_at > \(bind: now.addingTimeInterval(-silence))
                    ORDER BY started_at LIMIT 1) AS alive_since
            """).first() else { return Reading(seen: nil, led: nil, aliveSince: nil) }
        return Reading(seen: try row.decode(column: "seen_at", as: Date?.self), led: try row.decode(column: "led_at", as: Date?.self),
                       aliveSince: try row.decode(column: "alive_since", as: Date?.self))
    }
}
