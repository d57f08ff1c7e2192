import Synchronization

/// Group commit for a worker's outcomes. The batches of a burst finish together; each used to
/// write its outcomes in a transaction of its own, and on SQLite they queued for the one write
/// lock — while the worker's next take waited behind them. Here the first to arrive writes, and
/// whatever arrives meanwhile is written next, all in one transaction: each caller returns once
/// its own outcomes are committed, or throws. Should a shared write fail, each batch is written
/// again on its own, so one batch's trouble does not keep the others' outcomes from the database.
final class OutcomeRecorder: Sendable {
    private struct Waiting: Sendable {
        var batch: Publisher.Recorded
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State: Sendable {
        var waiting: [Waiting] = []
        var writing = false
    }

    private let state = Mutex(State())

    /// Batches waiting for the writer (for tests).
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    /// Writes `batch` with `write`, together with whatever else waits by the time the writer is free.
    func record(_ batch: Publisher.Recorded, write: @escaping @Sendable ([Publisher.Recorded]) async throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let leads = state.withLock { state in
                state.waiting.append(Waiting(batch: batch, continuation: continuation))
                defer { state.writing = true }
                return !state.writing
            }
            // The writer is a task of its own: the caller that started it must not wait for later
            // arrivals' writes, and no caller's cancellation may cut a write short.
            if leads { Task { await self.drain(write) } }
        }
    }

    private func drain(_ write: @Sendable ([Publisher.Recorded]) async throws -> Void) async {
        while true {
            let group = state.withLock { state in
                defer { state.waiting = [] }
                if state.waiting.isEmpty { state.writing = false }
                return state.waiting
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
