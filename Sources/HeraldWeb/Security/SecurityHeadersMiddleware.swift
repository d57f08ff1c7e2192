import HeraldApp
import Vapor

/// Conservative headers for every answer, error pages included (this middleware sits outside the
/// error middleware): no framing, no sniffing, scripts only from us. It is also the last guard
/// against header injection: a header whose name or value holds a control character (CR, LF,
/// NUL…) would split the response, so it is dropped and logged instead of sent. Inputs that reach
/// headers are validated where they are read (`ReturnPath`, `RequestLogMiddleware`); reaching
/// this guard means a bug.
struct SecurityHeadersMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).map { Self.secure($0, for: request) }
    }

    static func secure(_ response: Response, for request: Request) -> Response {
        let unsafe = response.headers.filter { Self.hasControlCharacter($0.name) || Self.hasControlCharacter($0.value) }
        for (name, value) in unsafe {
            request.logger.error("Dropped a response header with a control character",
                                 metadata: ["name": .string(name.debugDescription), "value": .string(value.debugDescription)])
            response.headers.remove(name: name)
        }
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        if response.headers.contentType == .html {
            response.headers.replaceOrAdd(
                name: "Content-Security-Policy",
                value: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'"
            )
        }
        return response
    }

    static func hasControlCharacter(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F }
    }
}
