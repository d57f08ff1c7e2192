import FluentKit
import Logging
import NIOCore

/// Stands in for a database whose pools have shut down: every query fails with `closed`, where
/// a force-unwrapped lookup would stop the whole process. A task that outlives its application
/// (a sandbox round, a heartbeat) ends with an error instead.
public struct ClosedDatabase: Database {
    public struct Closed: Error, CustomStringConvertible {
        public var description: String { "the database has shut down" }
    }

    public let context: DatabaseContext

    public init(logger: Logger, on eventLoop: any EventLoop) {
        context = DatabaseContext(configuration: Configuration(), logger: logger, eventLoop: eventLoop)
    }

    /// A pool that is gone is `ClosedDatabase`: every caller outside a request looks its database up through this.
    public static func lookup(_ databases: Databases, logger: Logger, on eventLoop: any EventLoop) -> any Database {
        databases.database(logger: logger, on: eventLoop) ?? ClosedDatabase(logger: logger, on: eventLoop)
    }

    public func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        eventLoop.makeFailedFuture(Closed())
    }

    public func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { eventLoop.makeFailedFuture(Closed()) }
    public func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { eventLoop.makeFailedFuture(Closed()) }
    public var inTransaction: Bool { false }

    public func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        eventLoop.makeFailedFuture(Closed())
    }

    public func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        eventLoop.makeFailedFuture(Closed())
    }

    private struct Configuration: DatabaseConfiguration {
        var middleware: [any AnyModelMiddleware] = []
        func makeDriver(for databases: Databases) -> any DatabaseDriver { fatalError("a closed database makes no driver") }
    }
}
