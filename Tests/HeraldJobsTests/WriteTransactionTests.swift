import FluentKit
import Foundation
import HeraldStore
import NIOPosix
import HeraldTestSupport
import SQLKit
import Testing

@Suite("Write transactions on SQLite")
struct WriteTransactionTests {
    /// A transaction reads, another process commits a write, then the transaction writes. The
    /// steps are sequenced by signals, not by sleeping: B writes once A has read, and A writes once
    /// B has committed — or, when B cannot commit because A holds the write lock, after a second.
    static func race(useWriteTransaction: Bool) async throws -> Result<Int, any Error> {
        let (database, pools) = try await JobQueueTests.database()
        let (poolA, poolB) = (try pools(), try pools())
        let (a, b) = (JobQueueTests.db(poolA), JobQueueTests.db(poolB))
        let (read, readDone) = AsyncStream.makeStream(of: Void.self)
        let (committed, commitDone) = AsyncStream.makeStream(of: Void.self)
        let body: @Sendable (any Database) async throws -> Void = { tx in
            _ = try await Organization.query(on: tx).count()           // reads first
            readDone.yield()
            // Waits for B's commit, or a second when B is waiting for this transaction's lock.
            _ = await withTaskGroup(of: Void.self) { group in
                group.addTask { for await _ in committed { return } }
                group.addTask { try? await Task.sleep(for: .seconds(1)) }
                await group.next()
                group.cancelAll()
            }
            try await Organization(name: "A").create(on: tx)
        }
        let transaction = Task {
            useWriteTransaction ? try await a.writeTransaction(body) : try await a.transaction(body)
        }
        for await _ in read { break }
        try await Organization(name: "B").create(on: b)               // waits for A's lock, if A holds it
        commitDone.yield()
        let outcome = await transaction.result
        let count = try await Organization.query(on: b).count()
        await poolA.shutdownAsync()
        await poolB.shutdownAsync()
        await database.destroy()
        return outcome.map { count }
    }

    @Test("a read-then-write transaction is not refused with “database is locked” when another process writes meanwhile")
    func readThenWrite() async throws {
        guard TestDatabase.engine == "sqlite" else { return }  // PostgreSQL's row locks have no such failure
        #expect(try await Self.race(useWriteTransaction: true).get() == 2)
        // Why: the plain transaction fails in exactly this situation.
        await #expect(throws: (any Error).self) { try await Self.race(useWriteTransaction: false).get() }
    }

    @Test("a write transaction's connection waits for another writer by sleeping between tries (busy_timeout), not spinning")
    func sleepsWhileWaiting() async throws {
        guard TestDatabase.engine == "sqlite" else { return }
        let (database, pools) = try await JobQueueTests.database()
        let pool = try pools()
        let db = JobQueueTests.db(pool)
        let timeout = try await db.writeTransaction { tx in
            try await (tx as? any SQLDatabase)?.raw("PRAGMA busy_timeout").first()?.decode(column: "timeout", as: Int.self)
        }
        #expect(timeout == sqliteBusyTimeoutMilliseconds, "SQLiteNIO's default handler retries at once, forever")
        // The setting stays with the connection: later single statements on it wait the same way.
        let after = try await (db as? any SQLDatabase)?.raw("PRAGMA busy_timeout").first()?.decode(column: "timeout", as: Int.self)
        #expect(after == sqliteBusyTimeoutMilliseconds)
        await pool.shutdownAsync()
        await database.destroy()
    }

    /// One process's three pools (web, worker, health) on one SQLite file: one connection holds
    /// the write lock while every other connection of the process waits for it. The holder's
    /// further statements must still find a thread, and everyone finishes long before the waits
    /// would give up (30 s). On NIO's shared pool of one thread per core this stood still.
    @Test("writers waiting for the lock do not take every thread from the connection that holds it")
    func waitersLeaveTheHolderAThread() async throws {
        guard TestDatabase.engine == "sqlite" else { return }
        let database = try await TestDatabase.make(migrated: true)
        let threads = NIOThreadPool(numberOfThreads: DatabaseThreads.count())
        threads.start()
        let loops = MultiThreadedEventLoopGroup.singleton
        let pools = try (0..<3).map { _ in
            let pool = Databases(threadPool: threads, on: loops)
            try database.target.register(on: pool)
            return pool
        }
        let connections = pools.flatMap { pool in loops.makeIterator().map { pool.database(logger: JobQueueTests.logger, on: $0)! } }
        let holder = connections[0], waiters = connections.dropFirst()
        let (locked, lockedSignal) = AsyncStream.makeStream(of: Void.self)
        let clock = ContinuousClock()
        let holding = Task {
            try await holder.writeTransaction { tx in
                try await Organization(name: "holder").create(on: tx)
                lockedSignal.yield()
                try await Task.sleep(for: .milliseconds(500))      // every waiter is asleep on a thread by now
                let started = clock.now
                for index in 0..<5 { try await Organization(name: "holder \(index)").create(on: tx) }
                return clock.now - started
            }
        }
        for await _ in locked { break }
        let waiting = waiters.enumerated().map { index, db in
            Task { try await db.writeTransaction { tx in try await Organization(name: "waiter \(index)").create(on: tx) } }
        }
        let holderTook = try await holding.value
        for task in waiting { try await task.value }
        #expect(holderTook < .seconds(5), "the holder's statements ran while \(waiters.count) writers waited: \(holderTook)")
        #expect(try await Organization.query(on: holder).count() == 6 + waiters.count)
        for pool in pools { await pool.shutdownAsync() }
        try await threads.shutdownGracefully()
        await database.destroy()
    }
}
