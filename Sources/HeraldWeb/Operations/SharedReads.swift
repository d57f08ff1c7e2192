import NIOConcurrencyHelpers
import Vapor

/// Identical page reads that overlap run once: a request that needs what another request is
/// reading at that moment (same page, same workspace, same role, same parameters) waits for that
/// read instead of starting its own.
///
/// Under load most of a month calendar's cost is its reads (counting 11,000 posts, sampling and
/// decorating 250), and a team opening the same month at nine, a wall screen refreshing, or a
/// benchmark's 200 connections ask for the same thing many times a second. Sharing keeps what
/// each request sees exactly as fresh as its own read would be, with one exception spelled out:
///
/// - Every request that changes something (any method but GET, HEAD and OPTIONS, through the pages
///   or the API) moves the write clock when it has answered, so after a person saves, the next
///   page they load never joins a read that began before the save (`WriteClockMiddleware`).
/// - A change made outside this process's requests (the publishing worker, another server on the
///   same PostgreSQL, the CLI) shows from the next read that begins after it; a request that joins
///   a read already running gets what that read saw when it began — at most one read's duration
///   (milliseconds) older than its own read would have been.
///
/// Nothing is kept after the read ends: this is not a cache. `HERALD_SHARED_READS=false` makes every
/// request read on its own (the benchmark reports both).
final class SharedReads: Sendable {
    private struct Flight {
        var clock: UInt64
        var task: Task<any Sendable, any Error>
    }

    /// A page's key and the type its read gives (only `Sendable` keys are let in: `run`).
    private struct FlightKey: Hashable, @unchecked Sendable {
        var value: AnyHashable
        var result: ObjectIdentifier
    }

    private struct State {
        var clock: UInt64 = 0
        var flights: [FlightKey: Flight] = [:]
    }

    let enabled: Bool
    private let state = NIOLockedValueBox(State())

    init(enabled: Bool = true) {
        self.enabled = enabled
    }

    /// A request that may have changed something has answered: reads that began before it are
    /// not joined any more.
    func noteWrite() {
        state.withLockedValue { $0.clock &+= 1 }
    }

    /// How many reads are running now (tests).
    var running: Int { state.withLockedValue { $0.flights.count } }

    /// `read`'s result, from a run of it that began after the last write this process answered:
    /// one already running under `key`, or a new one. `key` must hold everything the result
    /// depends on besides the database (workspace, role, parameters, the day).
    func run<T: Sendable>(_ key: some Hashable & Sendable, _ read: @escaping @Sendable () async throws -> T) async throws -> T {
        guard enabled else { return try await read() }
        let key = FlightKey(value: AnyHashable(key), result: ObjectIdentifier(T.self))
        let (task, owner) = state.withLockedValue { state -> (Task<any Sendable, any Error>, Bool) in
            if let flight = state.flights[key], flight.clock == state.clock { return (flight.task, false) }
            let task = Task { try await read() as any Sendable }
            state.flights[key] = Flight(clock: state.clock, task: task)
            return (task, true)
        }
        defer {
            // The read's own request ends its flight (unless a newer one took its key).
            if owner { state.withLockedValue { if $0.flights[key]?.task == task { $0.flights[key] = nil } } }
        }
        // Every run under this key gives a `T` (the key holds the type).
        return try await task.value as! T
    }
}

/// Moves the write clock of `SharedReads` when a request that may have written has answered.
struct WriteClockMiddleware: AsyncMiddleware {
    let reads: SharedReads

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        switch request.method {
        case .GET, .HEAD, .OPTIONS:
            return try await next.respond(to: request)
        default:
            defer { reads.noteWrite() }
            return try await next.respond(to: request)
        }
    }
}
