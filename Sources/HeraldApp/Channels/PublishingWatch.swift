import FluentKit
import Foundation
import HeraldCore
import HeraldStore
import Synchronization

/// Whether posts are going out at all. Publishing, the scheduler and the hourly sweep that
/// reports missed posts all run in a worker; with none running (`herald serve` started with
/// `HERALD_WORKER=false` and no `herald worker` beside it, a worker that crashed or hangs) posts
/// used to pass their time without a word. Workers record their beat (`WorkerBeats`); when none
/// has been seen for `WorkerBeats.silence` and a workspace has scheduled posts past their time
/// by more than `grace`, its pages say so.
package enum PublishingWatch {
    /// A post this far past its time, with no worker seen, is reported.
    package static let grace: TimeInterval = 120

    package struct Stalled: Sendable, Equatable {
        /// Scheduled posts past their time and not out.
        package var overdue: Int
        package var firstDue: Date
        /// The latest beat of any worker; nil when none has ever run.
        package var workerSeen: Date?

        /// What to tell people, dates in the workspace's time.
        package func text(in zone: TimeZoneName, language: Language) -> LocalizedText {
            let first = DateDisplay.dateTime(firstDue, in: zone, language: language)
            guard let workerSeen else { return LocalizedText(.publishingNeverStarted, String(overdue), first) }
            return LocalizedText(.publishingStopped, DateDisplay.dateTime(workerSeen, in: zone, language: language), String(overdue), first)
        }
    }

    /// Whether this workspace's posts are held up for want of a running worker (nil: they are not).
    package static func stalled(workspaceID: UUID, now: Date = Date(), on database: any Database) async throws -> Stalled? {
        let seen = try await WorkerBeats.lastSeen(on: database)
        if let seen, now.timeIntervalSince(seen) < WorkerBeats.silence { return nil }
        return try await overdue(now: now, on: database)[workspaceID].map { Stalled(overdue: $0.count, firstDue: $0.firstDue, workerSeen: seen) }
    }

    static func overdue(now: Date, on database: any Database) async throws -> [UUID: (count: Int, firstDue: Date)] {
        try await MissedPosts.overdue(before: now.addingTimeInterval(-grace), on: database)
    }

    /// What every page's frame asks, kept for `ttl` per process: the latest beat (one row), and
    /// only while no worker is seen, every workspace's overdue posts (one grouped read) — a page
    /// costs a lock and a comparison while workers run, and one read per `ttl` while none does.
    package final class Cache: Sendable {
        package let ttl: TimeInterval
        private struct Reading {
            var seen: Date?
            var overdue: [UUID: (count: Int, firstDue: Date)]?
            var at: Date
        }
        private let reading = Mutex<Reading?>(nil)

        package init(ttl: TimeInterval = 10) { self.ttl = ttl }

        package func stalled(workspaceID: UUID, now: Date = Date(), on database: any Database) async throws -> Stalled? {
            var current = reading.withLock { $0.flatMap { now.timeIntervalSince($0.at) < ttl ? $0 : nil } }
            if current == nil {
                let seen = try await WorkerBeats.lastSeen(on: database)
                let silent = seen.map { now.timeIntervalSince($0) >= WorkerBeats.silence } ?? true
                current = Reading(seen: seen, overdue: silent ? try await PublishingWatch.overdue(now: now, on: database) : nil, at: now)
                reading.withLock { $0 = current }
            }
            guard let current, let late = current.overdue?[workspaceID] else { return nil }
            return Stalled(overdue: late.count, firstDue: late.firstDue, workerSeen: current.seen)
        }
    }
}
