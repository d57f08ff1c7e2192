import Foundation
import HeraldCore

/// A JSON document as a value: what connectors build request bodies from and what the
/// contract recorder writes. Keys are emitted sorted, so recordings are stable.
public enum JSONValue: Sendable, Equatable, Codable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var intValue: Int? {
        if case .int(let number) = self { return number }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// A number JSON cannot write (infinity, NaN).
    public struct NotANumber: Error, Sendable {}

    /// The document as UTF-8 JSON, keys sorted, slashes as they are. Written directly: going
    /// through `JSONEncoder`'s generic containers was a connector's largest cost per request after
    /// the HTTP client itself (every status of a publishing burst is one such body).
    public func encoded() throws(NotANumber) -> Data {
        var writer = JSONWriter(escapesSlashes: false, capacity: 128)
        try write(into: &writer)
        return Data(writer.bytes)
    }

    private func write(into out: inout JSONWriter) throws(NotANumber) {
        switch self {
        case .null: out.null()
        case .bool(let value): out.bool(value)
        case .int(let value): out.int(value)
        case .double(let value):
            guard value.isFinite else { throw NotANumber() }
            out.double(value)
        case .string(let text): out.string(text)
        case .array(let items):
            out.beginArray()
            for item in items { try item.write(into: &out) }
            out.endArray()
        case .object(let members):
            out.beginObject()
            for key in members.keys.sorted() {
                out.key(key)
                try members[key]!.write(into: &out)
            }
            out.endObject()
        }
    }
}
