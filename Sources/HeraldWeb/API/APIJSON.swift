import Foundation
import HeraldApp
import HeraldCore
import Vapor

/// How the API writes JSON: snake_case keys, ISO 8601 UTC dates, stable key order.
enum APIJSON {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// An answer written by hand (`WrittenJSON`), with the headers `encoder`'s answer has.
    static func response(_ value: some WrittenJSON, status: HTTPStatus = .ok) -> Response {
        var writer = JSONWriter(escapesSlashes: true, capacity: 4096)
        value.write(into: &writer)
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: status, headers: headers, body: .init(buffer: ByteBuffer(bytes: writer.bytes)))
    }
}

/// A DTO the API writes without `JSONEncoder` because it goes out by the hundred on every list
/// read: its keys in `APIJSON.encoder`'s order (snake_case, sorted), nil members left out as
/// `Codable` leaves them. It stays `Codable` as well, and a test holds the two to the same bytes.
protocol WrittenJSON {
    func write(into writer: inout JSONWriter)
}
