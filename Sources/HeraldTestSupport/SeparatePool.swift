import FluentKit
import HeraldStore
import NIOCore
import NIOPosix

/// A connection pool of its own on a test database, as another process would have.
public enum SeparatePool {
    public static var loop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }

    public static func databases(_ target: DatabaseTarget) throws -> Databases {
        let databases = Databases(threadPool: DatabaseThreads.shared, on: MultiThreadedEventLoopGroup.singleton)
        try target.register(on: databases)
        return databases
    }
}
