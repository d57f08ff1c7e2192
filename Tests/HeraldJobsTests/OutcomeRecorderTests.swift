import Foundation
@testable import HeraldJobs
@testable import HeraldStore
import Synchronization
import Testing

@Suite("Group commit of a worker's outcomes")
struct OutcomeRecorderTests {
    /// A batch told apart by its time.
    static func batch(_ n: Double) -> Publisher.Recorded { Publisher.Recorded(outcomes: [], now: Date(timeIntervalSince1970: n)) }

    /// A batch of `count` finished jobs.
    static func batch(_ n: Double, outcomes count: Int) -> Publisher.Recorded {
        let job = LeasedJob(id: UUID(), kind: "publish", payload: "", attempts: 1, maxAttempts: 8, runAt: Date())
        return Publisher.Recorded(outcomes: Array(repeating: Publisher.Outcome(job: job, result: .done), count: count),
                                  now: Date(timeIntervalSince1970: n))
    }

    struct Refused: Error {}

    /// Writes that note what they were given; a write holding batch 1 waits until `open` is called;
    /// a write with batch 99 among others fails (as a shared write would if one batch broke it).
    final class Writes: Sendable {
        let calls = Mutex<[[Double]]>([])
        let gate: AsyncStream<Void>
        let opener: AsyncStream<Void>.Continuation

        init() { (gate, opener) = AsyncStream.makeStream(of: Void.self) }

        func write(_ batches: [Publisher.Recorded]) async throws {
            let ids = batches.map(\.now.timeIntervalSince1970)
            calls.withLock { $0.append(ids) }
            if ids.contains(1) { for await _ in gate { break } }
            if ids.contains(99) { throw Refused() }
        }

        func open() { opener.yield() }

        func waitForCalls(_ count: Int) async throws {
            while calls.withLock({ $0.count }) < count { try await Task.sleep(for: .milliseconds(5)) }
        }
    }

    static func waitForWaiting(_ recorder: OutcomeRecorder, _ count: Int) async throws {
        while recorder.waitingCount < count { try await Task.sleep(for: .milliseconds(5)) }
    }

    @Test("batches that arrive while one is being written are written together, next, in one write")
    func together() async throws {
        let recorder = OutcomeRecorder(), writes = Writes()
        let first = Task { try await recorder.record(Self.batch(1), write: writes.write) }
        try await writes.waitForCalls(1)
        let second = Task { try await recorder.record(Self.batch(2), write: writes.write) }
        let third = Task { try await recorder.record(Self.batch(3), write: writes.write) }
        try await Self.waitForWaiting(recorder, 2)
        #expect(writes.calls.withLock { $0 } == [[1]], "nothing else is written while the first write runs")
        writes.open()
        try await first.value
        try await second.value
        try await third.value
        let calls = writes.calls.withLock { $0 }
        #expect(calls.count == 2 && Set(calls[1]) == [2, 3], "\(calls)")
        // Idle again: the next batch is written at once, alone.
        try await recorder.record(Self.batch(4), write: writes.write)
        #expect(writes.calls.withLock { $0.last } == [4])
    }

    @Test("a shared write that fails is retried batch by batch: only the batch that breaks it fails")
    func failureIsolated() async throws {
        let recorder = OutcomeRecorder(), writes = Writes()
        let first = Task { try await recorder.record(Self.batch(1), write: writes.write) }
        try await writes.waitForCalls(1)
        let good = Task { try await recorder.record(Self.batch(2), write: writes.write) }
        let bad = Task { try await recorder.record(Self.batch(99), write: writes.write) }
        try await Self.waitForWaiting(recorder, 2)
        writes.open()
        try await first.value
        try await good.value
        await #expect(throws: Refused.self) { try await bad.value }
        let calls = writes.calls.withLock { $0 }
        #expect(calls.count == 4 && Set(calls[1]) == [2, 99] && Set(calls[2...].map { $0[0] }) == [2, 99], "\(calls)")
    }

    @Test("with two writers (PostgreSQL) a batch is written while another write still runs")
    func twoWriters() async throws {
        let recorder = OutcomeRecorder(), writes = Writes()
        let first = Task { try await recorder.record(Self.batch(1), writers: 2, write: writes.write) }
        try await writes.waitForCalls(1)
        try await recorder.record(Self.batch(2), writers: 2, write: writes.write)
        #expect(writes.calls.withLock { $0 } == [[1], [2]], "written beside the first, which still waits")
        writes.open()
        try await first.value
    }

    @Test("one transaction takes a limited number of outcomes when more wait; a larger batch still goes alone")
    func groupLimit() async throws {
        let recorder = OutcomeRecorder(), writes = Writes()
        let first = Task { try await recorder.record(Self.batch(1), write: writes.write) }
        try await writes.waitForCalls(1)
        let half = OutcomeRecorder.groupLimit / 2 + 1
        let tasks = [Self.batch(2, outcomes: half), Self.batch(3, outcomes: half), Self.batch(4, outcomes: OutcomeRecorder.groupLimit * 2)]
            .map { batch in Task { try await recorder.record(batch, write: writes.write) } }
        try await Self.waitForWaiting(recorder, 3)
        writes.open()
        try await first.value
        for task in tasks { try await task.value }
        #expect(writes.calls.withLock { $0 }.dropFirst().map { Set($0) } == [[2], [3], [4]])
    }
}
