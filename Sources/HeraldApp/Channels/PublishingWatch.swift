import FluentKit
import Foundation
import HeraldCore
import HeraldStore
import Synchronization

/// Whether posts are going out at all. Publishing, the scheduler and the hourly sweep that
/// reports missed posts all run in a worker; with none running (`herald serve` started with
/// `HERALD_WORKER=false` and no `herald worker` beside it, a worker that crashed or hangs) posts
/// used to pass their time without a word. Workers record their beat (`WorkerBeats`); when none
/// has been seen for `WorkerBeats.silence` — or workers run but none has run the scheduler for
/// that long — and a workspace has scheduled posts past their time by more than `grace`, its
/// pages say so.
package enum PublishingWatch {
    /// A post this far past its time, with no worker seen, is reported.
    package static let grace: TimeInterval = 120

    /// Why nothing goes out.
    package enum Cause: Sendable, Equatable {
        /// No worker has beaten within `WorkerBeats.silence` (`seen`: the latest beat, nil: none ever).
        case noWorker(seen: Date?)
        /// Workers run, but none has run the scheduler within the silence (`led`: the last time one
        /// did, nil: none ever) — on PostgreSQL the process holding the scheduler's lock is stuck.
        case notScheduling(led: Date?)

        package var code: String {
            switch self {
            case .noWorker: "no_worker"
            case .notScheduling: "not_scheduling"
            }
        }
    }

    package struct Stalled: Sendable, Equatable {
        /// Scheduled posts past their time and not out.
        package var overdue: Int
        package var firstDue: Date
        package var cause: Cause

        /// What to tell people, dates in the workspace's time.
        package func text(in zone: TimeZoneName, language: Language) -> LocalizedText {
            let count = String(overdue), first = DateDisplay.dateTime(firstDue, in: zone, language: language)
            func time(_ date: Date) -> String { DateDisplay.dateTime(date, in: zone, language: language) }
            switch cause {
            case .noWorker(let seen?): return LocalizedText(.publishingStopped, time(seen), count, first)
            case .noWorker(nil): return LocalizedText(.publishingNeverStarted, count, first)
            case .notScheduling(let led?): return LocalizedText(.publishingNotScheduling, time(led), count, first)
            case .notScheduling(nil): return LocalizedText(.publishingNeverScheduled, count, first)
            }
        }
    }

    /// Why posts would not go out, from the workers' beats alone (nil: workers run and schedule).
    /// Workers that started within the silence get that long to run the scheduler first.
    static func cause(_ beats: WorkerBeats.Reading, now: Date) -> Cause? {
        guard let seen = beats.seen, now.timeIntervalSince(seen) < WorkerBeats.silence else { return .noWorker(seen: beats.seen) }
        if let led = beats.led, now.timeIntervalSince(led) < WorkerBeats.silence { return nil }
        guard let alive = beats.aliveSince, now.timeIntervalSince(alive) >= WorkerBeats.silence else { return nil }
        return .notScheduling(led: beats.led)
    }

    /// Whether this workspace's posts are held up for want of a running worker (nil: they are not).
    package static func stalled(workspaceID: UUID, now: Date = Date(), on database: any Database) async throws -> Stalled? {
        guard let cause = cause(try await WorkerBeats.read(now: now, on: database), now: now) else { return nil }
        return try await overdue(now: now, on: database)[workspaceID].map { Stalled(overdue: $0.count, firstDue: $0.firstDue, cause: cause) }
    }

    static func overdue(now: Date, on database: any Database) async throws -> [UUID: (count: Int, firstDue: Date)] {
        try await MissedPosts.overdue(before: now.addingTimeInterval(-grace), on: database)
    }

    /// What every page's frame asks, kept for `ttl` per process: the workers' beats (three index
    /// steps), and only when they say nothing goes out, every workspace's overdue posts (one
    /// grouped read) — a page costs a lock and a comparison while workers run, and one read per
    /// `ttl` while none does.
    package final class Cache: Sendable {
        package let ttl: TimeInterval
        private struct Reading {
            var cause: Cause?
            var overdue: [UUID: (count: Int, firstDue: Date)]?
            var at: Date
        }
        private let reading = Mutex<Reading?>(nil)

        package init(ttl: TimeInterval = 10) { self.ttl = ttl }

        package func stalled(workspaceID: UUID, now: Date = Date(), on database: any Database) async throws -> Stalled? {
            var current = reading.withLock { $0.flatMap { now.timeIntervalSince($0.at) < ttl ? $0 : nil } }
            if current == nil {
                let cause = PublishingWatch.cause(try await WorkerBeats.read(now: now, on: database), now: now)
                current = Reading(cause: cause, overdue: cause == nil ? nil : try await PublishingWatch.overdue(now: now, on: database), at: now)
                reading.withLock { $0 = current }
            }
            guard let current, let cause = current.cause, let late = current.overdue?[workspaceID] else { return nil }
            return Stalled(overdue: late.count, firstDue: late.firstDue, cause: cause)
        }
    }
}
