import Foundation
import HeraldStore
import HeraldCore

/// Every way a request can be refused besides bad input (which is `ValidationError`, answered
/// 422 by `HeraldErrorMiddleware`), in one place, so the web and the API answer alike.
public enum AppError: Error, Sendable {
    /// The request could not be read at all (malformed JSON, empty body).
    case badRequest(ValidationError)
    case conflict(ValidationError)
    case notFound
    case forbidden(role: Role)
    case unauthorized
    case csrf
    case rateLimited(retryAfterSeconds: Int, message: LocalizedText)


    package var code: String {
        switch self {
        case .conflict(let error), .badRequest(let error): error.code
        case .notFound: "not_found"
        case .forbidden: "forbidden"
        case .unauthorized: "unauthorized"
        case .csrf: "csrf_failed"
        case .rateLimited: "rate_limited"
        }
    }

    package var field: String? {
        switch self {
        case .conflict(let error), .badRequest(let error): error.field
        default: nil
        }
    }

    package var message: LocalizedText {
        switch self {
        case .conflict(let error), .badRequest(let error): error.message
        case .notFound: .init(.errorNotFound)
        case .forbidden(let role): .init(.errorForbidden, role.rawValue)
        case .unauthorized: .init(.errorUnauthorized)
        case .csrf: .init(.errorCSRF)
        case .rateLimited(_, let message): message
        }
    }
}

extension AppError {
    /// A change refused because a publication went out, may have, or is going now.
    package static func locked(_ locked: PublicationsLocked) -> AppError {
        let (code, key): (String, L) = switch locked.reason {
        case .published: ("already_published", .postLockedPublished)
        case .inFlight: ("publishing_now", .postLockedInFlight)
        case .unknown: ("outcome_unknown", .postLockedUnknown)
        }
        return .conflict(ValidationError(code: code, field: nil, message: .init(key, locked.channel)))
    }
}
