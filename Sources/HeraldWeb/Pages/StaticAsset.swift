import Foundation
import HeraldApp
import Vapor

/// Serves text assets compiled into the binary (stylesheet, scripts), cacheable for an hour.
enum StaticAsset {
    static func response(_ body: String, contentType: String) -> Response {
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: contentType)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }

    static func javascript(_ source: String) -> Response { response(source, contentType: "text/javascript; charset=utf-8") }
}

