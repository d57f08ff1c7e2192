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

    /// CSV to download (the response-time report, page and API alike); not cached.
    static func csv(_ text: String, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: filename)
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    /// The tab icon: a herald's trumpet bell, drawn in a few lines of SVG.
    @Sendable static func icon(req: Request) async throws -> Response {
        response("""
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#2c5be8"/>\
            <path d="M7 14h4l10-6v16l-10-6H7z" fill="#fff"/><path d="M23 12c2 1 2 7 0 8" stroke="#fff" stroke-width="2" fill="none"/></svg>
            """, contentType: "image/svg+xml")
    }
}

