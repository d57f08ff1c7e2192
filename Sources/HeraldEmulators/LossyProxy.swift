import AsyncHTTPClient
import Foundation
import NIOCore
import Vapor

/// An HTTP proxy on loopback in front of a real server (the third-party Bluesky PDS), which can
/// make the server's answers arrive too late: the request is forwarded and carried out, and its
/// answer is held back past the client's deadline — "the platform stored it, the answer was lost".
/// With it the exactly-once promise is tested against a real peer, not only against emulators;
/// in front of an emulator it can also make the answers odd (`rewrite`).
public final class LossyProxy: @unchecked Sendable {
    public let upstream: String
    private let lock = NSLock()
    /// Path suffixes whose next answer is held back, and for how long.
    private var holds: [(suffix: String, seconds: Double)] = []
    private var forwarded: [String] = []
    /// Added to every answer (a slower server, so a test can act in the middle of a burst).
    public var latency: Duration = .zero
    /// Answers some requests itself instead of forwarding them (nil: forward), as a PDS answers
    /// what it proxies to an AppView (see `BlueskyAppView`).
    public var intercept: (@Sendable (Request) async throws -> Response?)?
    /// Changes each answer before it is passed on (nil: passed on as it came): the path asked, and
    /// the server's status and body. A fuzz test turns the platform's answers odd with it.
    public var rewrite: (@Sendable (String, HTTPResponseStatus, ByteBuffer) -> (HTTPResponseStatus, ByteBuffer))?
    private var app: Application?
    /// The process's shared client (nothing to shut down, so a test that fails early cannot trap on it).
    private var client: HTTPClient?
    public private(set) var baseURL = ""

    public init(upstream: String) {
        self.upstream = upstream.hasSuffix("/") ? String(upstream.dropLast()) : upstream
    }

    /// The next request whose path ends with `suffix` is carried out; its answer waits `seconds`.
    public func holdNextAnswer(to suffix: String, seconds: Double) { lock.withLock { holds.append((suffix, seconds)) } }

    /// Paths forwarded so far, in order.
    public var requests: [String] { lock.withLock { forwarded } }

    public func start() async throws {
        client = HTTPClient.shared
        (app, baseURL) = try await Loopback.start { app in
            app.on(.GET, "**") { [weak self] req in guard let self else { throw Abort(.serviceUnavailable) }; return try await self.forward(req) }
            for method in [HTTPMethod.POST, .PUT, .PATCH, .DELETE] {
                app.on(method, "**", body: .collect(maxSize: "16mb")) { [weak self] req in guard let self else { throw Abort(.serviceUnavailable) }; return try await self.forward(req) }
            }
        }
    }

    public func stop() async {
        await Loopback.stop(app)
        app = nil
        client = nil
    }

    private func forward(_ req: Request) async throws -> Response {
        guard let client else { throw Abort(.serviceUnavailable) }
        if let intercept, let answer = try await intercept(req) { return answer }
        let path = req.url.path
        let hold: Double? = lock.withLock {
            forwarded.append(path)
            guard let index = holds.firstIndex(where: { path.hasSuffix($0.suffix) }) else { return nil }
            return holds.remove(at: index).seconds
        }
        var outgoing = HTTPClientRequest(url: upstream + req.url.string)
        outgoing.method = req.method
        for (name, value) in req.headers where !["host", "content-length", "connection"].contains(name.lowercased()) {
            outgoing.headers.add(name: name, value: value)
        }
        if let body = req.body.data { outgoing.body = .bytes(body) }
        let answer = try await client.execute(outgoing, timeout: .seconds(30))
        let bytes = try await answer.body.collect(upTo: 16 << 20)
        if let hold { try await Task.sleep(for: .milliseconds(Int(hold * 1000))) }
        if latency > .zero { try await Task.sleep(for: latency) }
        var headers = HTTPHeaders()
        for (name, value) in answer.headers where !["content-length", "connection", "transfer-encoding"].contains(name.lowercased()) {
            headers.add(name: name, value: value)
        }
        let (status, body) = rewrite?(path, answer.status, bytes) ?? (answer.status, bytes)
        return Response(status: status, headers: headers, body: .init(buffer: body))
    }
}
