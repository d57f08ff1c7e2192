import Crypto
import FluentKit
import Foundation
import HeraldCore
import HeraldStore
import Logging
import SQLKit
import Synchronization

/// The `/l/{slug}` redirect without the database in its path: links are kept in memory (the
/// newest are loaded at start, others on first use), and clicks wait in a buffer that a
/// background task writes every second. A slow or stalled database delays the counting, never the
/// visitor; should the process stop before a write, at most the last second's clicks are lost.
///
/// Nothing personal is kept: a visitor is a SHA-256 of address and browser, held in memory until
/// the next write, which stores only a hash of that with the day's salt (thrown away after two days).
package final class LinkRedirects: Sendable {
    package struct Target: Sendable, Equatable {
        package var id: UUID
        package var url: String
    }

    private struct Pending: Hashable {
        var link: UUID
        var day: String
    }

    private struct State {
        var links: [String: Target] = [:]
        var missing: [String: Date] = [:]
        var clicks: [Pending: (count: Int, visitors: Set<Data>)] = [:]
        var buffered = 0
    }

    private let state = Mutex(State())
    private let database: @Sendable () -> any Database
    private let logger: Logger
    /// Links kept in memory; beyond this the oldest-looked-up are dropped (they are read again when clicked).
    let capacity: Int
    /// Visitor hashes kept per write at most (a flood of new addresses counts clicks, not visitors).
    let visitorCapacity: Int
    /// How long an unknown slug is answered "not found" without asking the database again.
    let missingFor: TimeInterval = 30

    package init(database: @escaping @Sendable () -> any Database, logger: Logger, capacity: Int = 200_000, visitorCapacity: Int = 100_000) {
        self.database = database
        self.logger = logger
        self.capacity = capacity
        self.visitorCapacity = visitorCapacity
    }

    /// Loads the newest links, so the first clicks after a start do not wait for the database.
    package func warm(limit: Int = 50_000) async {
        guard let sql = database() as? any SQLDatabase else { return }
        do {
            let links = try await ShortLinks.recent(limit: limit, on: sql)
            state.withLock { state in
                for link in links { state.links[link.slug] = Target(id: link.id, url: link.target) }
            }
        } catch {
            logger.warning("short links: could not load links at start: \(String(reflecting: error))")
        }
    }

    /// What memory knows of a slug without asking the database: `.some(target)`, `.some(nil)` for
    /// a slug that is not ours (not one, or looked up and missing a moment ago), nil when only the
    /// database can tell.
    package func known(_ slug: String, now: Date = Date()) -> Target?? {
        guard LinkShortening.isSlug(Substring(slug)) else { return .some(nil) }
        return state.withLock { state in
            if let target = state.links[slug] { return .some(target) }
            if let since = state.missing[slug], now.timeIntervalSince(since) < missingFor { return .some(nil) }
            return nil
        }
    }

    /// Where a slug leads; nil for a slug that is not one of ours. Reads the database only for a
    /// link not in memory yet.
    package func target(_ slug: String, now: Date = Date()) async throws -> Target? {
        if let known = known(slug, now: now) { return known }
        guard let sql = database() as? any SQLDatabase else { return nil }
        let found = try await ShortLinks.find(slug: slug, on: sql).map { Target(id: $0.id, url: $0.target) }
        state.withLock { state in
            if let found {
                if state.links.count >= capacity { state.links.removeAll(keepingCapacity: true) }
                state.links[slug] = found
                state.missing[slug] = nil
            } else {
                if state.missing.count >= 10_000 { state.missing.removeAll(keepingCapacity: true) }
                state.missing[slug] = now
            }
        }
        return found
    }

    /// Forgets a link (a link-in-bio entry removed).
    package func forget(_ slug: String) {
        _ = state.withLock { $0.links.removeValue(forKey: slug) }
    }

    /// Where reading removals (by any process) got to.
    private let removalsRead = Mutex(Date())

    /// Forgets the links any process removed since the last look; answers how many were read.
    @discardableResult
    package func followRemovals() async -> Int {
        guard let sql = database() as? any SQLDatabase else { return 0 }
        let since = removalsRead.withLock { $0 }
        guard let (slugs, latest) = try? await ShortLinks.removed(since: since.addingTimeInterval(-1), on: sql) else { return 0 }
        for slug in slugs { forget(slug) }
        if let latest { removalsRead.withLock { $0 = max($0, latest) } }
        return slugs.count
    }

    /// Counts a click unless a bot made it. `address` and `userAgent` do not outlive the next write.
    package func count(_ target: Target, address: String?, userAgent: String?, at now: Date = Date()) {
        guard !BotFilter.isBot(userAgent: userAgent) else { return }
        let visitor = Data(SHA256.hash(data: Data("\(address ?? "")|\(userAgent ?? "")".utf8)))
        let key = Pending(link: target.id, day: Self.day(now))
        state.withLock { state in
            var entry = state.clicks[key] ?? (0, [])
            entry.count += 1
            if state.buffered < visitorCapacity, entry.visitors.insert(visitor).inserted { state.buffered += 1 }
            state.clicks[key] = entry
        }
    }

    /// Clicks waiting to be written (for tests and the benchmark).
    package var waiting: Int { state.withLock { $0.clicks.values.reduce(0) { $0 + $1.count } } }

    /// Writes the buffered clicks, a few hundred links per transaction with a short pause between:
    /// the write's CPU is spread over the second instead of one burst the redirects wait behind,
    /// and no transaction holds the database's writer for long. What is not written (a failure
    /// stops the round) goes back into the buffer for the next try; what was written stays.
    @discardableResult
    package func flush(pause: Duration = .milliseconds(3)) async -> Bool {
        let taken = state.withLock { state in
            defer { state.clicks = [:]; state.buffered = 0 }
            return state.clicks
        }
        guard !taken.isEmpty else { return true }
        var left = Array(taken)
        do {
            let sealed = try await database().writeTransaction { tx in
                guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
                var salts: [String: String] = [:]
                for day in Set(taken.keys.map(\.day)) { salts[day] = try await ShortLinks.salt(day: day, on: sql) }
                return salts
            }
            while !left.isEmpty {
                let part = left.prefix(Self.linksPerWrite)
                let rows = part.map { key, entry in
                    let salt = Data((sealed[key.day] ?? "").utf8)
                    let visitors = Set(entry.visitors.map { visitor in Hex.encode(SHA256.hash(data: salt + visitor).prefix(12)) })
                    return (link: key.link, day: key.day, count: entry.count, visitors: visitors)
                }
                try await database().writeTransaction { tx in
                    guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
                    try await ShortLinks.record(rows, on: sql)
                }
                left.removeFirst(part.count)
                if !left.isEmpty { try? await Task.sleep(for: pause) }
            }
            return true
        } catch {
            logger.warning("short links: clicks not written yet (kept for the next try): \(String(reflecting: error))")
            state.withLock { state in
                for (key, entry) in left {
                    var current = state.clicks[key] ?? (0, [])
                    current.count += entry.count
                    current.visitors.formUnion(entry.visitors)
                    state.clicks[key] = current
                }
                state.buffered = state.clicks.values.reduce(0) { $0 + $1.visitors.count }
            }
            return false
        }
    }

    /// How many links' clicks one write transaction takes.
    package static let linksPerWrite = 250

    /// Writes the buffer every `interval` until cancelled, then once more; once a day throws away old visitor hashes and salts.
    package func run(every interval: Duration = .seconds(1)) async {
        var lastCleanup = ""
        var rounds = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            await flush()
            // Links removed by another process leave this one's memory within a few seconds.
            rounds += 1
            if rounds % 5 == 0 { await followRemovals() }
            let today = Self.day(Date())
            if today != lastCleanup {
                let yesterday = Self.day(Date().addingTimeInterval(-86_400))
                let done: Void? = try? await database().writeTransaction { tx in
                    guard let sql = tx as? any SQLDatabase else { throw JobStoreError.notSQL }
                    try await ShortLinks.forgetVisitors(before: yesterday, on: sql)
                    try await ShortLinks.forgetRemovals(before: Date().addingTimeInterval(-86_400), on: sql)
                }
                if done != nil { lastCleanup = today }
            }
        }
        await flush()
    }

    /// A UTC day as `YYYY-MM-DD`.
    package static func day(_ date: Date) -> String {
        // Every click asks; the answer changes once a day.
        let index = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        if let cached = dayCache.withLock({ $0.index == index ? $0.text : nil }) { return cached }
        let parts = Calendar.utc.dateComponents([.year, .month, .day], from: date)
        let text = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        dayCache.withLock { $0 = (index, text) }
        return text
    }

    private static let dayCache = Mutex<(index: Int, text: String)>((Int.min, ""))


}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
