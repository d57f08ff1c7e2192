import FluentPostgresDriver
import Foundation
import Logging
import NIOCore

/// One scheduler at a time across processes. PostgreSQL: a session advisory lock held on a
/// connection of its own for as long as this process leads (a crashed leader's connection
/// closes and the lock with it). SQLite: the processes of one machine all lead; the scheduler's
/// work is idempotent, so that is safe, only a little redundant.
public actor SchedulerLeadership {
    static let key: Int64 = 0x4845_5241_4C44_5343  // "HERALDSC"
    private let target: DatabaseTarget
    private let logger: Logger
    private var connection: PostgresConnection?
    private var leading = false

    public init(target: DatabaseTarget, logger: Logger) {
        self.target = target
        self.logger = logger
    }

    /// Whether this process leads now; tries to become leader if not.
    public func isLeader() async -> Bool {
        guard case .postgres(let url) = target else { return true }
        if leading, let connection, !connection.isClosed { return true }
        leading = false
        do {
            if connection == nil || connection?.isClosed == true {
                let configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
                connection = try await PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(),
                                                                  configuration: configuration, id: 2, logger: logger).get()
            }
            let rows = try await connection!.query("SELECT pg_try_advisory_lock(\(Self.key)) AS locked", logger: logger)
            for try await row in rows { leading = try row.decode(Bool.self) }
            if leading { logger.info("this process now schedules posts") }
        } catch {
            logger.warning("scheduler leadership check failed: \(error)")
            leading = false
        }
        return leading
    }

    public func resign() async {
        if let connection { try? await connection.close() }
        connection = nil
        leading = false
    }
}
