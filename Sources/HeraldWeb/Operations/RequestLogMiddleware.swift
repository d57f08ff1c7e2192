import HeraldApp
import HeraldCore
import Vapor

/// One log line per request with its id, and the id echoed back so a user can quote it.
/// The id comes from `X-Request-Id` only when it looks like an id (letters, digits, `.`, `_`,
/// `-`, at most 64): anything else is replaced by a new one, so a header or a log line is never
/// built from what a client sent unchecked. The refused value is logged quoted and escaped.
struct RequestLogMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let start = ContinuousClock.now
        let sent = request.headers.first(name: .xRequestId)
        let id = sent.flatMap(Self.acceptable) ?? UUID().text
        request.requestID = id
        request.logger[metadataKey: "request-id"] = .string(id)
        if let sent, sent != id {
            request.logger.notice("Ignored an X-Request-Id that is not an id", metadata: ["sent": .string(sent.debugDescription)])
        }
        return next.respond(to: request).map { response in
            response.headers.replaceOrAdd(name: .xRequestId, value: id)
            let milliseconds = (ContinuousClock.now - start).inSeconds * 1000
            request.logger.info("\(request.method) \(request.url.path.debugDescription) \(response.status.code)", metadata: [
                "status": .stringConvertible(response.status.code),
                "duration_ms": .string(String(format: "%.1f", milliseconds)),
            ])
            return response
        }
    }

    static func acceptable(_ id: String) -> String? {
        let allowed = id.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x2E || byte == 0x5F
        }
        return allowed && (1...64).contains(id.utf8.count) ? id : nil
    }
}

extension Request {
    private struct RequestIDKey: StorageKey { typealias Value = String }

    /// This request's id as checked by `RequestLogMiddleware`; quote it in errors and logs
    /// instead of Vapor's `id`, which is whatever the client put in `X-Request-Id`.
    var requestID: String {
        get { storage[RequestIDKey.self] ?? id }
        set { storage[RequestIDKey.self] = newValue }
    }
}
