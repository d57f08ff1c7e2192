import Synchronization

/// Group commit for a worker's outcomes. The batches of a burst finish together; each used to
/// write its outcomes in a transaction of its own, and on SQLite they queued for the one write
/// lock — while the worker's next take waited behind them. Here a free writer takes whatever
/// waits and writes it in one transaction; each caller returns once its own outcomes are
/// committed, or throws. Should a shared write fail, each batch is written again on its own, so
/// one batch's trouble does not keep the others' outcomes from the database.
///
/// SQLite has one writer at a time, so one writer here. PostgreSQL runs several transactions at
/// once on its own cores: two writers there halve the wait for the last outcomes of a burst.
final class OutcomeRecorder: Sendable {
    private struct Waiting: Sendable {
        var batch: Publisher.Recorded
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State: Sendable {
        var waiting: [Waiting] = []
        var writers = 0
    }

    private let state = Mutex(State())

    /// The most outcomes one transaction takes when more wait: with two writers, a burst's last
    /// outcomes are written side by side rather than all by the first writer free.
    static let groupLimit = 3000

    /// Batches waiting for a writer (for tests).
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    /// Writes `batch` with `write`, together with whatever else waits by the time a writer is
    /// free; at most `writers` writes run at once.
    func record(_ batch: Publisher.Recorded, writers: Int = 1,
                write: @escaping @Sendable ([Publisher.Recorded]) async throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let starts = state.withLock { state in
                state.waiting.append(Waiting(batch: batch, continuation: continuation))
                guard state.writers < max(1, writers) else { return false }
                state.writers += 1
                return true
            }
            // A writer is a task of its own: the caller that started it must not wait for later
            // arrivals' writes, and no caller's cancellation may cut a write short.
            if starts { Task { await self.drain(write) } }
        }
    }

    private func drain(_ write: @Sendable ([Publisher.Recorded]) async throws -> Void) async {
        while true {
            let group = state.withLock { state in
                if state.waiting.isEmpty { state.writers -= 1 }
                // Up to `groupLimit` outcomes (at least one batch): the rest is left for another writer.
                var count = 0, taken = 0
                for item in state.waiting {
                    guard taken == 0 || count + item.batch.outcomes.count <= Self.groupLimit else { break }
                    count += item.batch.outcomes.count
                    taken += 1
                }
                defer { state.waiting.removeFirst(taken) }
                return Array(state.waiting.prefix(taken))
            }
            guard !group.isEmpty else { return }
            do {
                try await write(group.map(\.batch))
                for item in group { item.continuation.resume() }
            } catch {
                guard group.count > 1 else {
                    group[0].continuation.resume(throwing: error)
                    continue
                }
                for item in group {
                    do {
                        try await write([item.batch])
                        item.continuation.resume()
                    } catch {
                        item.continuation.resume(throwing: error)
                    }
                }
            }
        }
    }
}
