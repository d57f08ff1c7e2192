import HeraldApp
import Vapor

extension AppError {
    /// The HTTP status each refusal is answered with, by the API and the pages alike.
    var status: HTTPResponseStatus {
        switch self {
        case .badRequest: .badRequest
        case .conflict: .conflict
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .unauthorized: .unauthorized
        case .csrf: .forbidden
        case .rateLimited: .tooManyRequests
        }
    }
}
