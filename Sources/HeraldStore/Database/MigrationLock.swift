import FluentPostgresDriver
import Foundation
import Logging
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// Makes `herald migrate` safe when several processes start at once. On PostgreSQL a session
/// advisory lock, held on a connection of its own (not one from the pool the migrations use, so
/// the holder cannot starve itself); on SQLite an exclusive `flock` beside the database file.
enum MigrationLock {
    /// An arbitrary constant shared by every Herald process: "HERALDMG" as bytes.
    static let advisoryKey: Int64 = 0x4845_5241_4C44_4D47

    static func withLock<T: Sendable>(
        target: DatabaseTarget, eventLoop: any EventLoop, logger: Logger,
        _ body: @Sendable () async throws -> T
    ) async throws -> T {
        switch target {
        case .postgres(let url):
            let configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
            let connection = try await PostgresConnection.connect(
                on: eventLoop, configuration: configuration, id: 1, logger: logger
            ).get()
            do {
                logger.debug("waiting for the migration lock")
                _ = try await connection.query("SELECT pg_advisory_lock(\(advisoryKey))", logger: logger)
                let result: T
                do {
                    result = try await body()
                } catch {
                    _ = try? await connection.query("SELECT pg_advisory_unlock(\(advisoryKey))", logger: logger)
                    throw error
                }
                _ = try await connection.query("SELECT pg_advisory_unlock(\(advisoryKey))", logger: logger)
                try await connection.close()
                return result
            } catch {
                try? await connection.close()
                throw error
            }
        case .sqlite(let path):
            let lockPath = path + ".migrate-lock"
            let fd = open(lockPath, O_CREAT | O_RDWR, 0o600)
            guard fd >= 0 else { throw MigrationLockError.cannotOpen(lockPath, errno) }
            defer { close(fd) }
            // Never block a cooperative thread in flock: the holder may need that thread to finish.
            while flock(fd, LOCK_EX | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK || errno == EINTR else { throw MigrationLockError.cannotOpen(lockPath, errno) }
                try await Task.sleep(for: .milliseconds(25))
            }
            defer { flock(fd, LOCK_UN) }
            return try await body()
        }
    }
}

enum MigrationLockError: Error, CustomStringConvertible {
    case cannotOpen(String, Int32)

    var description: String {
        switch self {
        case .cannotOpen(let path, let code): "cannot lock \(path): \(String(cString: strerror(code)))"
        }
    }
}
