import HeraldCore
import Vapor

/// Every way a request can be refused, in one place, so the web and the API answer alike.
public enum AppError: Error, Sendable {
    case validation(ValidationError)
    /// The request could not be read at all (malformed JSON, empty body).
    case badRequest(ValidationError)
    case conflict(ValidationError)
    case notFound
    case forbidden(role: Role)
    case unauthorized
    case csrf
    case rateLimited(retryAfterSeconds: Int, message: LocalizedText)
    case setupRequired

    var status: HTTPResponseStatus {
        switch self {
        case .validation: .unprocessableEntity
        case .badRequest: .badRequest
        case .conflict: .conflict
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .unauthorized: .unauthorized
        case .csrf: .forbidden
        case .rateLimited: .tooManyRequests
        case .setupRequired: .serviceUnavailable
        }
    }

    var code: String {
        switch self {
        case .validation(let error), .conflict(let error), .badRequest(let error): error.code
        case .notFound: "not_found"
        case .forbidden: "forbidden"
        case .unauthorized: "unauthorized"
        case .csrf: "csrf_failed"
        case .rateLimited: "rate_limited"
        case .setupRequired: "setup_required"
        }
    }

    var field: String? {
        switch self {
        case .validation(let error), .conflict(let error), .badRequest(let error): error.field
        default: nil
        }
    }

    var message: LocalizedText {
        switch self {
        case .validation(let error), .conflict(let error), .badRequest(let error): error.message
        case .notFound: .init(.errorNotFound)
        case .forbidden(let role): .init(.errorForbidden, role.rawValue)
        case .unauthorized: .init(.errorUnauthorized)
        case .csrf: .init(.errorCSRF)
        case .rateLimited(_, let message): message
        case .setupRequired: .init(.errorSetupRequired)
        }
    }
}

extension ValidationError {
    /// Lets `throws(ValidationError)` helpers be called from handlers that throw `AppError`.
    var asAppError: AppError { .validation(self) }
}
