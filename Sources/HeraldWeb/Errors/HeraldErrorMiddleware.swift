import AsyncKit
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// Turns any error into the answer the caller can use: JSON under `/api/`, a page elsewhere.
/// Internal errors are logged with the request id and shown only as "something went wrong".
struct HeraldErrorMiddleware: Middleware {
    let environment: Environment

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).recover { render($0, for: request) }
    }

    func render(_ error: any Error, for request: Request) -> Response {
        if let abandoned = error as? Abandoned {
            // Nobody reads this answer (the client left, or has had its 503 at the deadline).
            request.logger.debug("read stopped: \(abandoned.reason == .clientLeft ? "client left" : "deadline passed")")
            return Response(status: abandoned.reason == .clientLeft ? ConcurrencyLimit.clientGone : .serviceUnavailable)
        }
        let (status, code, message, field, headers) = describe(error, request: request)
        let language = request.language
        let text = message.rendered(in: language)
        let response: Response
        if request.isAPI {
            let all = ((error as? ValidationError) ?? (error as? ScheduleBlocked)?.validationError(in: language))?.all ?? []
            let problems = all.count > 1 ? all.map { APIErrorBody.Problem(code: $0.code, message: $0.message.rendered(in: language), field: $0.field) } : nil
            let body = APIErrorBody(error: .init(code: code, message: text, field: field, requestId: request.requestID, problems: problems))
            response = Response(status: status)
            try? response.content.encode(body, as: .json)
        } else {
            let page = ErrorPage.render(status: status, message: text, request: request)
            response = Response(status: status, body: .init(string: page.rendered))
            response.headers.contentType = .html
        }
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        return response
    }

    private func describe(_ error: any Error, request: Request)
        -> (HTTPResponseStatus, String, LocalizedText, String?, [(String, String)])
    {
        switch error {
        case let error as AppError:
            var headers: [(String, String)] = []
            if case .rateLimited(let seconds, _) = error { headers.append(("Retry-After", String(seconds))) }
            if case .unauthorized = error, request.isAPI { headers.append(("WWW-Authenticate", "Bearer")) }
            return (error.status, error.code, error.message, error.field, headers)
        case let error as ValidationError:
            return (.unprocessableEntity, error.code, error.message, error.field, [])
        case let error as ScheduleBlocked:
            return (.unprocessableEntity, "blocked", error.message(in: request.language), error.finding.field, [])
        case let error as DecodingError:
            // Vapor reports one as "Bad request: <the decoder's description>"; people get the catalogue's sentence.
            let refused = Request.validationError(error)
            return (.unprocessableEntity, refused.code, refused.message, refused.field, [])
        case let error as any AbortError:
            return describe(abort: error, request: request)
        case is ConnectionPoolTimeoutError:
            // Every database connection of the web is busy: say so, briefly, instead of a 500.
            request.logger.warning("database pool exhausted; answered 503")
            return (.serviceUnavailable, "busy", .init(.errorBusy), nil, [("Retry-After", "2")])
        case is RequestDeadline.Exceeded:
            return (.serviceUnavailable, "deadline", .init(.errorBusy), nil, [("Retry-After", "5")])
        case _ where PublicationGuard.isRefusal(error):
            // The database's own guard stopped a write that would lose what went out.
            request.logger.error("publication guard refused a write: \(String(reflecting: error))")
            return (.conflict, "publication_protected", .init(.errorPublicationProtected), nil, [])
        default:
            request.logger.error("unhandled error: \(String(reflecting: error))")
            return (.internalServerError, "internal", .init(.errorInternal, request.requestID), nil, [])
        }
    }

    private func describe(abort error: any AbortError, request: Request)
        -> (HTTPResponseStatus, String, LocalizedText, String?, [(String, String)])
    {
        let headers = error.headers.map { ($0.name, $0.value) }
        switch error.status {
        case .payloadTooLarge:
            let limit = request.application.routes.defaultMaxBodySize.value
            return (.payloadTooLarge, "body_too_large", .init(.errorBodyTooLarge, Self.bytes(limit)), nil, headers)
        case .notFound:
            return (.notFound, "not_found", .init(.errorNotFound), nil, headers)
        case .methodNotAllowed:
            return (.methodNotAllowed, "method_not_allowed", .init(.errorMethodNotAllowed), nil, headers)
        case .unsupportedMediaType:
            return (.unsupportedMediaType, "unsupported_media_type", .init(.errorUnsupportedMediaType), nil, headers)
        case .internalServerError:
            request.logger.error("internal error: \(error.reason)")
            return (.internalServerError, "internal", .init(.errorInternal, request.requestID), nil, headers)
        case .unauthorized:
            return (.unauthorized, "unauthorized", .init(.errorUnauthorized), nil, headers)
        default:
            return (error.status, "bad_request", .init(.errorBadRequest, error.reason), nil, headers)
        }
    }

    static func bytes(_ count: Int) -> String {
        count >= 1_048_576 && count % 1_048_576 == 0 ? "\(count / 1_048_576) MiB"
            : count >= 1024 ? "\(count / 1024) KiB" : "\(count) bytes"
    }
}

extension Request {
    /// API callers get JSON errors; people get pages.
    var isAPI: Bool { url.path.hasPrefix("/api/") }
}
