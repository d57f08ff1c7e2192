import NIOCore
import NIOPosix

/// The threads SQLite statements run on.
///
/// SQLiteNIO runs every statement on a thread of a blocking pool, and a statement that waits for
/// another writer (`busy_timeout`, see `writeTransaction`) sleeps on that thread. NIO's shared
/// pool has one thread per core and also serves password hashing, name lookups and file writes:
/// on a two-core machine two waiting writers took both threads, so the connection holding the
/// lock could not run its next statement — every database user of the process stopped until the
/// waits gave up (30 s). With more threads than the process has SQLite connections (one per event
/// loop for each pool: web, worker, health and the page readers), the holder always finds a thread.
public enum DatabaseThreads {
    /// Threads for one process: six per core (a server's SQLite connections per event loop: the
    /// web's, the worker's, the health check's and two page readers', and room for the rest),
    /// never fewer than twelve.
    public static func count(cores: Int = System.coreCount) -> Int { max(12, cores * 6) }

    /// A pool of `count()` threads, started, for a process to hand to its database pools.
    public static func makePool() -> NIOThreadPool {
        let pool = NIOThreadPool(numberOfThreads: count())
        pool.start()
        return pool
    }

    /// One started pool shared by whatever in this process is not a web application (the CLI's
    /// runtime, tests' own pools); it lives as long as the process.
    public static let shared: NIOThreadPool = makePool()
}
