import Foundation
import Vapor

/// A Mastodon server on loopback that speaks the publishing subset of the API:
/// `POST /api/v1/statuses` with `Idempotency-Key` (a repeated key returns the stored status
/// instead of posting again, as Mastodon does for an hour), `GET /api/v1/accounts/verify_credentials`,
/// `GET /api/v2/instance`. Switches make the next requests slow, rate-limited (429 with
/// Retry-After), failing (503), or answer only after the client has given up (the status is
/// stored first: "timeout after store"). Dropping the connection is not emulated yet.
public final class MastodonEmulator: @unchecked Sendable {
    public struct Status: Sendable, Equatable {
        public var id: String
        public var text: String
        public var idempotencyKey: String?
        public var visibility: String
        /// When the emulator stored it (sent back as `created_at`).
        public var createdAt: Date
    }

    public enum Fault: Sendable {
        case rateLimit(retryAfterSeconds: Int)
        case serverError
        case timeoutAfterStore(seconds: Double)
    }

    private let lock = NSLock()
    private var statuses: [Status] = []
    private var byKey: [String: Int] = [:]
    private var faults: [Fault] = []
    private var requestCount = 0
    public var latency: Duration = .zero
    public let token: String
    private var app: Application?
    public private(set) var baseURL = ""

    public init(token: String = "emulator-token") {
        self.token = token
    }

    public var posted: [Status] { lock.withLock { statuses } }
    public var requests: Int { lock.withLock { requestCount } }
    public func inject(_ fault: Fault) { lock.withLock { faults.append(fault) } }

    /// Starts on a free loopback port.
    public func start() async throws {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .error
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = 0
        app.get("api", "v1", "accounts", "verify_credentials") { [unowned self] req async throws -> Response in
            try self.authorize(req)
            return try await ["id": "1", "username": "herald", "acct": "herald"].encodeResponse(for: req)
        }
        app.get("api", "v2", "instance") { req async throws -> Response in
            let body = #"{"domain":"emulator.local","configuration":{"statuses":{"max_characters":500,"max_media_attachments":4,"characters_reserved_per_url":23}}}"#
            return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: body))
        }
        app.on(.POST, "api", "v1", "statuses", body: .collect(maxSize: "1mb")) { [unowned self] req async throws -> Response in
            try await self.postStatus(req)
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        guard let port = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError) }
        baseURL = "http://127.0.0.1:\(port)"
        self.app = app
    }

    public func stop() async {
        await app?.server.shutdown()
        try? await app?.asyncShutdown()
        app = nil
    }

    private func authorize(_ req: Request) throws {
        guard req.headers.bearerAuthorization?.token == token else {
            throw Abort(.unauthorized, reason: "The access token is invalid")
        }
    }

    private func postStatus(_ req: Request) async throws -> Response {
        lock.withLock { requestCount += 1 }
        if latency > .zero { try await Task.sleep(for: latency) }
        do { try authorize(req) } catch {
            return Self.error(.unauthorized, "The access token is invalid")
        }
        let fault: Fault? = lock.withLock { faults.isEmpty ? nil : faults.removeFirst() }
        switch fault {
        case .rateLimit(let seconds)?:
            var response = Self.error(.tooManyRequests, "Too many requests")
            response.headers.replaceOrAdd(name: "Retry-After", value: String(seconds))
            return response
        case .serverError?:
            return Self.error(.serviceUnavailable, "Service unavailable")
        default:
            break
        }
        struct Body: Decodable {
            var status: String?
            var visibility: String?
            var sensitive: Bool?
            var spoiler_text: String?
            var language: String?
        }
        let body = try req.content.decode(Body.self)
        guard let text = body.status, !text.isEmpty else { return Self.error(.unprocessableEntity, "Validation failed: Text can't be blank") }
        guard text.count <= 500 else { return Self.error(.unprocessableEntity, "Validation failed: Text character limit of 500 exceeded") }
        let key = req.headers.first(name: "Idempotency-Key")
        let status: Status = lock.withLock {
            if let key, let index = byKey[key] { return statuses[index] }
            let status = Status(id: String(100_000 + statuses.count), text: text, idempotencyKey: key,
                                visibility: body.visibility ?? "public", createdAt: Date())
            statuses.append(status)
            if let key { byKey[key] = statuses.count - 1 }
            return status
        }
        switch fault {
        case .timeoutAfterStore(let seconds)?:
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
        default:
            break
        }
        let json = #"{"id":"\#(status.id)","url":"\#(baseURL)/@herald/\#(status.id)","created_at":"\#(status.createdAt.formatted(Self.timestamp))","content":"","visibility":"\#(status.visibility)"}"#
        return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: json))
    }

    static let timestamp = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func error(_ status: HTTPResponseStatus, _ message: String) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json"],
                 body: .init(string: #"{"error":"\#(message)"}"#))
    }
}
