import FluentKit
import FluentSQLiteDriver
import NIOConcurrencyHelpers
import SQLKit

extension Database {
    /// Runs a page's reads on one connection taken from the pool once.
    ///
    /// Through the pool every statement waits for a connection and gives it back, and on SQLite
    /// each row it returns is handed to the event loop as a task of its own (SQLiteNIO's
    /// futures path): a month calendar's 300 rows were 300 tasks and their futures. On one
    /// connection the statements run back to back and SQLite hands the rows over on the thread
    /// that read them. Inside a transaction the transaction's connection is used as it is.
    ///
    /// On SQLite the connection is also given its memory map the first time (`SQLiteMemoryMap`).
    public func onOneConnection<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if inTransaction { return try await body(self) }
        return try await withConnection { connection in
            try await SQLiteMemoryMap.ensure(on: connection)
            return try await body(connection)
        }
    }
}

/// SQLite reads its pages through the operating system's file cache: without a memory map every
/// page not in the connection's own small cache is copied in by a `pread` call (6.5 % of a month
/// calendar's CPU under load was those calls and copies). With `mmap_size` set, SQLite reads the
/// pages where the file cache holds them. The map covers the first `bytes` of the file; pages it
/// maps count toward the process's resident memory as shared file pages (the kernel reclaims them
/// like any file cache), not as Herald's own.
///
/// The price (SQLite's documentation): a disk error while reading a mapped page arrives as a
/// signal that stops the process, where a read call would have failed one request. WAL mode maps
/// its index file already; an installation on a disk it does not trust sets
/// `HERALD_SQLITE_MMAP_MIB=0`.
///
/// The setting belongs to a connection, and the pool's connections are made where Herald cannot
/// see it (SQLiteKit's connection source), so it is set the first time a connection is used for a
/// page's reads and remembered by the connection's identity.
public enum SQLiteMemoryMap {
    /// 256 MiB: the whole database of a large installation's first years.
    public static let defaultBytes = 256 << 20

    private static let setting = NIOLockedValueBox(defaultBytes)

    /// The map's size for connections configured from now on (the server sets it at start).
    public static var bytes: Int {
        get { setting.withLockedValue { $0 } }
        set { setting.withLockedValue { $0 = max(0, newValue) } }
    }

    private static let configured = NIOLockedValueBox<[ObjectIdentifier: Weak]>([:])

    private final class Weak: @unchecked Sendable {
        weak var connection: SQLiteConnection?
        init(_ connection: SQLiteConnection) { self.connection = connection }
    }

    static func ensure(on database: any Database) async throws {
        guard let sqlite = database as? any SQLiteDatabase else { return }
        let done: EventLoopFuture<Void> = sqlite.withConnection { connection in
            let key = ObjectIdentifier(connection)
            let known = configured.withLockedValue { $0[key]?.connection === connection }
            guard !known else { return connection.eventLoop.makeSucceededFuture(()) }
            return connection.query("PRAGMA mmap_size = \(bytes)").map { _ in
                configured.withLockedValue { table in
                    table = table.filter { $0.value.connection != nil }
                    table[key] = Weak(connection)
                }
            }
        }
        try await done.get()
    }
}
