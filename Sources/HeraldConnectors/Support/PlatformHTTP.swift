import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// The one way connectors talk HTTP to a platform: a deadline per request, a cap on what is
/// read back, the request recorded for the contract checker, and — what exactly-once rests on —
/// whether anything reached the server when a request fails. Failures before the request head
/// was written (a name that does not resolve, a refused connection, a TLS handshake that fails,
/// no connection before the deadline) are `notSent`: safe to retry. A failure after it is
/// `noAnswer`: the server may have acted, so the outcome is unknown and must be reconciled.
public struct PlatformHTTP: Sendable {
    public let client: HTTPClient
    public let timeout: TimeAmount
    /// Receives every request as the contract checker reads it (tests set it).
    public let recorder: (@Sendable (JSONValue) -> Void)?
    /// Where requests may go; nil: anywhere (tests of the connectors alone).
    public let outbound: OutboundGuard?

    public init(client: HTTPClient, timeout: TimeAmount = .seconds(20), recorder: (@Sendable (JSONValue) -> Void)? = nil,
                outbound: OutboundGuard? = nil) {
        self.client = client
        self.timeout = timeout
        self.recorder = recorder
        self.outbound = outbound
    }

    public struct Answer: Sendable {
        public var status: HTTPResponseStatus
        public var headers: HTTPHeaders
        public var body: ByteBuffer

        public var data: Data { Data(buffer: body) }

        /// `Retry-After` in seconds, when the platform gave one (within reason: `PlatformHTTP.wait`).
        public var retryAfter: Duration? {
            headers.first(name: "Retry-After").flatMap(Double.init).flatMap(PlatformHTTP.wait(seconds:))
        }
    }

    /// The longest wait a platform's answer can impose on a channel before Herald asks again.
    public static let longestWait: Double = 86_400

    /// How long a platform asks Herald to wait, within reason: at least a second, at most a day.
    /// An odd value ("1e300", "nan", a date centuries away) must neither trap when it becomes a
    /// number of seconds nor park a channel for ever (a date beyond any database's range, shown
    /// on every page). Nil when it is not a number at all.
    public static func wait(seconds: Double) -> Duration? {
        guard seconds.isFinite else { return nil }
        return .seconds(Int(min(max(seconds, 1), longestWait)))
    }

    /// A platform's date as written when it is plausible — between 2000 and a day from now — else
    /// nil. The one rule for every date a platform sends (seconds since 1970, ISO 8601 text).
    /// Reconciling stops reading older items only at a plausible date: an implausible one (a
    /// server clock years off, a test's world a year ahead) neither ends the search nor excludes
    /// the item, so Herald never sends again for want of a believable date.
    public static func plausible(_ date: Date?, now: Date = Date()) -> Date? {
        guard let date, date.timeIntervalSince1970 >= 946_684_800, date.timeIntervalSince1970 <= now.timeIntervalSince1970 + 86_400
        else { return nil }
        return date
    }

    /// A date Herald keeps (when a post was published, when a message arrived): as written when
    /// plausible, else the time it was read (`now`). Year 9999 or 9e18 seconds would be dates that
    /// sort first in every list, put "best time" in a future that never comes, or that no database
    /// stores (an inbox item carrying one failed its channel's every read on PostgreSQL).
    public static func date(_ written: Date?, now: Date = Date()) -> Date {
        plausible(written, now: now) ?? now
    }

    /// `date(_:now:)` for seconds since 1970.
    public static func date(epochSeconds value: Int?, now: Date = Date()) -> Date {
        date(value.map { Date(timeIntervalSince1970: TimeInterval($0)) }, now: now)
    }

    public enum Failure: Error, Sendable {
        /// Nothing reached the server.
        case notSent(String)
        /// The address is one Herald does not send to (private, loopback, link-local); nothing sent.
        case forbidden(String)
        /// The request (or part of it) went out and no usable answer came back.
        case noAnswer(String)
    }

    /// What a failed request means to the engine. `writes`: the request may publish something, so
    /// a request that went out without an answer leaves the outcome unknown; otherwise (reads,
    /// uploads, sign-ins) nothing anyone sees changed and it is a passing fault. `place` names the
    /// server in the message.
    public static func platformError(_ failure: Failure, writes: Bool, place: String) -> PlatformError {
        switch failure {
        case .notSent(let message): .transient(message: "\(place): \(message)")
        case .noAnswer(let message): writes ? .outcomeUnknown(message: "\(place): \(message)") : .transient(message: "\(place): \(message)")
        case .forbidden(let message): .rejected(message: message)
        }
    }

    /// Sends one request. `record` is what the contract checker gets (nil: nothing recorded).
    public func send(_ method: HTTPMethod, _ url: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil,
                     record: JSONValue? = nil, maxBytes: Int = 1 << 20) async throws(Failure) -> Answer {
        if let outbound {
            do { try await outbound.check(url) } catch { throw .forbidden("\(error.host) is a private or local address") }
        }
        if let record { recorder?(record) }
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: url, method: method, headers: headers, body: body.map { .byteBuffer($0) })
        } catch {
            throw .notSent("“\(url)” is not a usable address")
        }
        let delegate = Exchange(maxBytes: maxBytes)
        do {
            return try await client.execute(request: request, delegate: delegate, deadline: .now() + timeout).futureResult.get()
        } catch {
            let text = Self.describe(error)
            throw delegate.headSent ? .noAnswer(text) : .notSent(text)
        }
    }

    /// A short account of a transport error for people (the host part, never a Swift dump).
    public static func describe(_ error: any Error) -> String {
        switch error {
        case let error as HTTPClientError:
            switch error {
            case .connectTimeout, .getConnectionFromPoolTimeout: "no connection before the deadline"
            case .tlsHandshakeTimeout: "a secure connection could not be made in time"
            case .readTimeout, .deadlineExceeded: "no answer before the deadline"
            case .remoteConnectionClosed: "the server closed the connection"
            default: "the connection failed"
            }
        case is Exchange.TooLarge: "the answer was too large"
        default:
            switch String(describing: type(of: error)) {
            case "NIOConnectionError", "SocketAddressError": "the server's name could not be resolved or it refused the connection"
            case let name where name.contains("SSL") || name.contains("TLS"): "a secure connection could not be made"
            default: "the connection failed"
            }
        }
    }

    /// Collects the answer and notes when the request head has gone out.
    final class Exchange: HTTPClientResponseDelegate, Sendable {
        typealias Response = Answer
        struct TooLarge: Error {}

        private struct State {
            var headSent = false
            var status: HTTPResponseStatus = .ok
            var headers: HTTPHeaders = [:]
            var body = ByteBuffer()
        }

        private let state = Mutex(State())
        let maxBytes: Int

        init(maxBytes: Int) { self.maxBytes = maxBytes }

        var headSent: Bool { state.withLock { $0.headSent } }

        func didSendRequestHead(task: HTTPClient.Task<Answer>, _ head: HTTPRequestHead) {
            state.withLock { $0.headSent = true }
        }

        func didReceiveHead(task: HTTPClient.Task<Answer>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
            state.withLock { state in
                state.status = head.status
                state.headers = head.headers
            }
            return task.eventLoop.makeSucceededVoidFuture()
        }

        func didReceiveBodyPart(task: HTTPClient.Task<Answer>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
            let fits = state.withLock { state -> Bool in
                guard state.body.readableBytes + buffer.readableBytes <= maxBytes else { return false }
                var part = buffer
                state.body.writeBuffer(&part)
                return true
            }
            return fits ? task.eventLoop.makeSucceededVoidFuture() : task.eventLoop.makeFailedFuture(TooLarge())
        }

        func didFinishRequest(task: HTTPClient.Task<Answer>) throws -> Answer {
            state.withLock { Answer(status: $0.status, headers: $0.headers, body: $0.body) }
        }
    }
}
