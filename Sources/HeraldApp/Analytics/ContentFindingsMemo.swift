import FluentKit
import Foundation
import HeraldCore
import HeraldStore
import Synchronization

/// The composer asks what a channel's audience made of posts like the one being written on every
/// check — as the person types. The answer is a roll-up of 180 days that moves slowly, so each
/// channel's is kept for five minutes in this process instead of being summed again per keystroke.
package final class ContentFindingsMemo: Sendable {
    package static let shared = ContentFindingsMemo()

    private struct Key: Hashable {
        var workspace: UUID
        var channel: UUID
    }

    private let entries = Mutex<[Key: (at: Date, findings: ContentFindings)]>([:])
    private let sums = Mutex(0)
    /// How many times the findings were summed from the roll-up (not taken from memory).
    package var computations: Int { sums.withLock { $0 } }
    package let lifetime: TimeInterval
    package let capacity: Int

    package init(lifetime: TimeInterval = 300, capacity: Int = 2000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    package func findings(_ access: WorkspaceAccess, channel: UUID, now: Date = Date(), on database: any Database) async throws -> ContentFindings {
        let key = Key(workspace: access.workspaceID, channel: channel)
        if let kept = entries.withLock({ $0[key] }), now.timeIntervalSince(kept.at) < lifetime, kept.at <= now { return kept.findings }
        let fresh = try await AnalyticsQuery.content(access, channel: channel, now: now, on: database)
        sums.withLock { $0 += 1 }
        entries.withLock { entries in
            if entries.count >= capacity, let oldest = entries.min(by: { $0.value.at < $1.value.at })?.key { entries.removeValue(forKey: oldest) }
            entries[key] = (now, fresh)
        }
        return fresh
    }
}
