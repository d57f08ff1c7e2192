import Foundation
import HeraldApp
import HeraldCore
import Vapor

/// A JSON request body. `CodingKeys` lists every accepted field; anything else is refused by
/// name, so a typo such as `timezone` for `time_zone` is an error rather than silently ignored.
protocol JSONInput: Decodable {
    associatedtype CodingKeys: CodingKey & CaseIterable & RawRepresentable<String>
    /// The accepted fields, nested objects included. Defaults to `CodingKeys` as plain values.
    static var shape: InputShape { get }
}

extension JSONInput {
    static var shape: InputShape { .object(Dictionary(uniqueKeysWithValues: CodingKeys.allCases.map { ($0.rawValue, .value) })) }
}

/// Which fields a JSON body may have, so unknown ones are named with their path (`variants[1].txt`).
indirect enum InputShape {
    case value
    case object([String: InputShape])
    case array(InputShape)

    /// The path of the first field not in this shape, if any.
    func firstUnknown(in json: Any, path: String = "") -> String? {
        switch self {
        case .value:
            return nil
        case .object(let fields):
            guard let object = json as? [String: Any] else { return nil }
            for key in object.keys.sorted() {
                let here = path.isEmpty ? key : "\(path).\(key)"
                guard let shape = fields[key] else { return here }
                if let unknown = shape.firstUnknown(in: object[key]!, path: here) { return unknown }
            }
            return nil
        case .array(let element):
            guard let array = json as? [Any] else { return nil }
            for (index, item) in array.enumerated() {
                if let unknown = element.firstUnknown(in: item, path: "\(path)[\(index)]") { return unknown }
            }
            return nil
        }
    }
}

extension Request {
    func decodeJSON<T: JSONInput>(_ type: T.Type) throws -> T {
        guard let buffer = body.data, buffer.readableBytes > 0 else {
            throw AppError.badRequest(.init(code: "malformed_json", field: nil,
                                            message: .init(.errorMalformedJSON, "the body is empty")))
        }
        guard headers.contentType?.subType == "json" else {
            throw Abort(.unsupportedMediaType)
        }
        let data = Data(buffer.readableBytesView)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw AppError.badRequest(.init(code: "malformed_json", field: nil,
                                            message: .init(.errorMalformedJSON, Self.describe(error))))
        }
        guard let fields = object as? [String: Any] else {
            throw AppError.badRequest(.init(code: "malformed_json", field: nil,
                                            message: .init(.errorMalformedJSON, "expected a JSON object")))
        }
        if let unknown = T.shape.firstUnknown(in: fields) {
            throw ValidationError(code: "unknown_field", field: unknown, message: .init(.errorUnknownField, unknown))
        }
        if let field = Self.firstNUL(in: fields) {
            throw ValidationError(code: "nul_character", field: field, message: .init(.errorNulCharacter))
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw Self.validationError(error)
        }
    }

    /// The path of the first string holding a NUL character: no text Herald keeps or sends may.
    static func firstNUL(in json: Any, path: String = "") -> String? {
        switch json {
        case let text as String:
            return text.unicodeScalars.contains("\0") ? (path.isEmpty ? "body" : path) : nil
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                if let found = firstNUL(in: object[key]!, path: path.isEmpty ? key : "\(path).\(key)") { return found }
            }
            return nil
        case let array as [Any]:
            for (index, item) in array.enumerated() {
                if let found = firstNUL(in: item, path: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return nil
        }
    }

    private static func describe(_ error: any Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        return text ?? "it could not be parsed"
    }

    static func validationError(_ error: DecodingError) -> ValidationError {
        func path(_ context: DecodingError.Context, _ extra: (any CodingKey)? = nil) -> String {
            (context.codingPath + (extra.map { [$0] } ?? [])).map { key in
                key.intValue.map { "[\($0)]" } ?? key.stringValue
            }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .typeMismatch(let type, let context):
            return .init(code: "wrong_type", field: path(context), message: .init(.errorWrongType, typeName(type)))
        case .valueNotFound(let type, let context):
            return .init(code: "wrong_type", field: path(context), message: .init(.errorWrongType, typeName(type)))
        case .keyNotFound(let key, let context):
            let field = path(context, key)
            return .init(code: "missing_field", field: field, message: .init(.errorMissingField, field))
        case .dataCorrupted(let context):
            return .init(code: "invalid", field: path(context), message: .init(.errorBadRequest, context.debugDescription))
        @unknown default:
            return .init(code: "invalid", field: nil, message: .init(.errorBadRequest, "invalid body"))
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is String?.Type: "a string"
        case is Int.Type, is Int?.Type: "a whole number"
        case is Bool.Type, is Bool?.Type: "true or false"
        case is Double.Type, is Double?.Type: "a number"
        default: "\(type)".lowercased()
        }
    }
}

extension CampaignService.Fields: JSONInput {}
