import HeraldApp
import Vapor

/// The error shape of the REST API: `{"error": {"code", "message", "field"}}`; when the input had
/// several problems, `problems` lists every one (the first is also the error itself).
struct APIErrorBody: Content {
    struct Detail: Content {
        var code: String
        var message: String
        var field: String?
        var requestId: String
        var problems: [Problem]?

        enum CodingKeys: String, CodingKey {
            case code, message, field, problems
            case requestId = "request_id"
        }
    }

    struct Problem: Content {
        var code: String
        var message: String
        var field: String?
    }

    var error: Detail
}
