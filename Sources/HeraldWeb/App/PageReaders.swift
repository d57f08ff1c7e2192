import FluentKit
import HeraldStore
import NIOConcurrencyHelpers
import Vapor

/// Connections for the pages that read the most (the calendar's month, week and list), beside
/// the application's own pool.
///
/// FluentSQLiteDriver opens one SQLite connection per event loop whatever it is asked for (its
/// `maxConnectionsPerEventLoop` is documented as ignored), so on a two-core machine every page and
/// API request shared two connections. A page holds its connection for all its reads
/// (`onOneConnection`), and between two statements it waits for its task to be resumed; under
/// `wrk` at 200 connections the two connections were the limit while a quarter of the CPU stayed
/// idle. SQLite in WAL mode lets any number of connections read while one writes, and a read sees
/// every transaction committed before it began, so these connections show what the person just
/// saved. Each reader is a separate Fluent registration of the same file (one connection per
/// event loop each); pages take them in turn. They only read: every write stays on the
/// application's pool.
///
/// On PostgreSQL the application's pool already holds four connections per event loop, and pages
/// read from it.
final class PageReaders: Sendable {
    /// Reader registrations per event loop on SQLite.
    static let perEventLoop = 2

    private let databases: Databases?
    private let ids: [DatabaseID]
    private let turn = NIOLockedValueBox(0)

    /// Registers the readers for `target` (none on PostgreSQL) on `threadPool` and `loops`.
    init(target: DatabaseTarget, threadPool: NIOThreadPool, on loops: any EventLoopGroup) {
        // (An in-memory SQLite database is one per connection: a reader would see another, empty one.)
        guard case .sqlite(let path) = target, !path.contains(":memory:") else {
            databases = nil
            ids = []
            return
        }
        let databases = Databases(threadPool: threadPool, on: loops)
        ids = (1...Self.perEventLoop).map { DatabaseID(string: "herald-page-reader-\($0)") }
        for id in ids { target.registerReader(on: databases, as: id) }
        self.databases = databases
    }

    /// How many reader registrations there are (none on PostgreSQL).
    var readerCount: Int { ids.count }

    /// The database a page reads from: the next reader in turn, or the request's own on PostgreSQL.
    func database(for request: Request) -> any Database {
        guard let databases, !ids.isEmpty else { return request.db }
        let index = turn.withLockedValue { turn in
            defer { turn = (turn + 1) % ids.count }
            return turn
        }
        return databases.database(ids[index], logger: request.logger, on: request.eventLoop) ?? request.db
    }

    func shutdown() async {
        await databases?.shutdownAsync()
    }
}

/// Closes the page readers' connections with the application.
struct ShutdownPageReaders: LifecycleHandler {
    let readers: PageReaders

    func shutdownAsync(_ application: Application) async { await readers.shutdown() }
}

extension Request {
    /// Where a page that reads a lot reads (`PageReaders`); writes go to `db`.
    var pageReads: any Database { application.pageReaders?.database(for: self) ?? db }
}
