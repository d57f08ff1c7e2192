import Vapor

/// What an emulator's switch makes its next write request meet, the same on every platform:
/// rate-limited, failing, answered only after the client gave up (stored first), or a
/// connection that dies before or after the write was stored.
public enum EmulatorFault: Sendable {
    case rateLimit(retryAfterSeconds: Int)
    case serverError
    case timeoutAfterStore(seconds: Double)
    /// The connection dies without a usable answer, before or after the write was stored.
    case dropConnection(afterStore: Bool)

    /// Before storing: the answer that replaces the request's, in the platform's own shape, or nil.
    func before(rateLimited: (Int) -> Response, unavailable: () -> Response) -> Response? {
        switch self {
        case .rateLimit(let seconds): rateLimited(seconds)
        case .serverError: unavailable()
        case .dropConnection(afterStore: false): Self.dropped()
        case .timeoutAfterStore, .dropConnection(afterStore: true): nil
        }
    }

    /// After storing: waits past the client's deadline, or drops the connection (nil: answer as usual).
    func after() async throws -> Response? {
        switch self {
        case .timeoutAfterStore(let seconds):
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            return nil
        case .dropConnection(afterStore: true): return Self.dropped()
        default: return nil
        }
    }

    /// The head goes out, then the connection is torn down: no body ever arrives.
    static func dropped() -> Response {
        struct Dropped: Error {}
        return Response(status: .ok, headers: ["Content-Type": "application/json"],
                        body: .init(asyncStream: { writer in try? await writer.write(.error(Dropped())) }))
    }
}
