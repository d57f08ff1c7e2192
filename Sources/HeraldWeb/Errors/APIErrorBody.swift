import HeraldApp
import Vapor

/// The error shape of the REST API: `{"error": {"code", "message", "field"}}`.
struct APIErrorBody: Content {
    struct Detail: Content {
        var code: String
        var message: String
        var field: String?
        var requestId: String

        enum CodingKeys: String, CodingKey {
            case code, message, field
            case requestId = "request_id"
        }
    }

    var error: Detail
}
