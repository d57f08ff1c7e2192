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
                                            message: .init(.errorBodyEmpty)))
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
                                            message: Self.describe(error)))
        }
        guard let fields = object as? [String: Any] else {
            throw AppError.badRequest(.init(code: "malformed_json", field: nil,
                                            message: .init(.errorNotJSONObject)))
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
            throw Self.validationError(error, body: fields)
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

    /// Where the parser stopped, in the catalogue's words (its own text is English and names
    /// its options: "option to allow fragments not set").
    static func describe(_ error: any Error) -> LocalizedText {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
        if text.contains("nested") { return .init(.errorJSONTooDeep) }
        if text.contains("did not start with array or object") { return .init(.errorNotJSONObject) }
        if text.contains("end of file") { return .init(.errorJSONEndsEarly) }
        if let range = text.range(of: #"character \d+"#, options: .regularExpression),
           let offset = Int(text[range].dropFirst("character ".count)) {
            return .init(.errorMalformedJSONAt, String(offset + 1))
        }
        return .init(.errorMalformedJSON)
    }

    /// What was wrong with a field, as a catalogue sentence (never the decoder's own words). `body`
    /// is the parsed JSON, to quote the value a field refused.
    static func validationError(_ error: DecodingError, body: Any? = nil) -> ValidationError {
        func path(_ context: DecodingError.Context, _ extra: (any CodingKey)? = nil) -> String {
            FieldPath.text(context.codingPath + (extra.map { [$0] } ?? []))
        }
        switch error {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return .init(code: "wrong_type", field: path(context), message: .init(expected(type)))
        case .keyNotFound(let key, let context):
            let field = path(context, key)
            return .init(code: "missing_field", field: field, message: .init(.errorMissingField, field))
        case .dataCorrupted(let context):
            // The decoder's own reasons: a string that is not an id (the only such type the inputs
            // decode directly), or a value a field's type does not take.
            let raw = value(at: context.codingPath, in: body)
            let shown = (raw as? String).map { $0.count > 80 ? String($0.prefix(80)) + "…" : $0 } ?? "…"
            if let text = raw as? String, UUID(uuidString: text) == nil, context.debugDescription.contains("UUID") {
                return .init(code: "invalid_id", field: path(context), message: .init(.errorInvalidID, shown))
            }
            return .init(code: "invalid", field: path(context), message: .init(.errorInvalidValue, shown))
        @unknown default:
            return .init(code: "invalid", field: nil, message: .init(.errorInvalidValue, "…"))
        }
    }

    /// The value at a decoder's coding path in parsed JSON (nil when the path leads nowhere).
    static func value(at path: [any CodingKey], in json: Any?) -> Any? {
        var current = json
        for key in path {
            if let index = key.intValue, let array = current as? [Any] {
                current = array.indices.contains(index) ? array[index] : nil
            } else {
                current = (current as? [String: Any])?[key.stringValue]
            }
        }
        return current
    }

    /// "Expected …" for the type a field wanted.
    private static func expected(_ type: Any.Type) -> L {
        let name = String(describing: type)
        return switch type {
        case is String.Type, is String?.Type, is UUID.Type, is UUID?.Type: .errorExpectedString
        case is Int.Type, is Int?.Type: .errorExpectedWholeNumber
        case is Bool.Type, is Bool?.Type: .errorExpectedBoolean
        case is Double.Type, is Double?.Type: .errorExpectedNumber
        default: name.hasPrefix("Array<") || name.hasPrefix("Optional<Array<") ? .errorExpectedList
            : name.hasPrefix("Dictionary<") || name.hasPrefix("Optional<Dictionary<") ? .errorExpectedObject : .errorExpectedValue
        }
    }
}

extension CampaignService.Fields: JSONInput {}
