import Foundation
import HeraldConnectors
import HeraldWeb

/// Checks answers of `/api/v1` against the OpenAPI document the app serves: the operation must
/// exist, the status must be one it declares (or `default`), and a JSON body must match the
/// schema — types, formats (uuid, date-time), enums, required fields, and no field the document
/// does not name. Every API call a test makes goes through it (`TestBrowser`), so the document
/// cannot tell something the API does not do.
public final class OpenAPIValidator: Sendable {
    let document: JSONValue

    public static let shared: OpenAPIValidator = {
        // The document is built in code, so it is always there; a failure here is a bug in it.
        let data = (try? OpenAPIDocument.json(serverURL: "http://herald.test")) ?? Data("{}".utf8)
        return OpenAPIValidator(document: (try? JSONDecoder().decode(JSONValue.self, from: data)) ?? .null)
    }()

    init(document: JSONValue) { self.document = document }

    /// What is wrong with one answer; empty when it matches.
    public func problems(method: String, path rawPath: String, status: Int, contentType: String?, body: Data) -> [String] {
        let path = String(rawPath.split(separator: "?", maxSplits: 1).first ?? "").replacingOccurrences(of: "/api/v1", with: "")
        let where_ = "\(method.uppercased()) \(rawPath) → \(status)"
        guard let operation = operation(method: method.lowercased(), path: path) else {
            return ["\(where_): no such operation in the document"]
        }
        guard let responses = operation["responses"], let response = responses[String(status)] ?? responses["default"] else {
            return ["\(where_): status \(status) is not declared"]
        }
        // Another type the document declares for this answer (CSV): nothing more to check.
        if let type = contentType?.split(separator: ";").first.map({ $0.trimmingCharacters(in: .whitespaces) }), !type.contains("json"),
           response["content"]?[type] != nil {
            return []
        }
        guard let schema = response["content"]?["application/json"]?["schema"] else {
            return body.isEmpty || !(contentType ?? "").contains("json") ? [] : ["\(where_): a JSON body where the document declares none"]
        }
        guard (contentType ?? "").contains("json") else { return ["\(where_): not JSON (\(contentType ?? "no type"))"] }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: body) else { return ["\(where_): the body is not JSON"] }
        return validate(value, schema, at: "").map { "\(where_): \($0)" }
    }

    func operation(method: String, path: String) -> JSONValue? {
        guard case .object(let paths)? = document["paths"] else { return nil }
        let segments = path.split(separator: "/")
        for (template, item) in paths {
            let parts = template.split(separator: "/")
            guard parts.count == segments.count,
                  zip(parts, segments).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }) else { continue }
            if let operation = item[method] { return operation }
        }
        return nil
    }

    func resolve(_ schema: JSONValue) -> JSONValue {
        guard case .string(let reference)? = schema["$ref"], reference.hasPrefix("#/components/schemas/") else { return schema }
        return document["components"]?["schemas"]?[String(reference.dropFirst("#/components/schemas/".count))] ?? .null
    }

    func validate(_ value: JSONValue, _ raw: JSONValue, at pointer: String) -> [String] {
        let schema = resolve(raw)
        let here = pointer.isEmpty ? "the body" : pointer
        if case .array(let alternatives)? = schema["oneOf"] ?? schema["anyOf"] {
            let results = alternatives.map { validate(value, $0, at: pointer) }
            return results.contains { $0.isEmpty } ? [] : ["\(here) matches none of its alternatives: \(results.flatMap { $0 }.prefix(3).joined(separator: "; "))"]
        }
        var types: [String] = []
        switch schema["type"] {
        case .string(let type)?: types = [type]
        case .array(let list)?: types = list.compactMap { if case .string(let type) = $0 { type } else { nil } }
        default: break
        }
        if !types.isEmpty && !types.contains(where: { Self.matches(value, type: $0) }) {
            return ["\(here) is \(Self.kind(of: value)), not \(types.joined(separator: " or "))"]
        }
        var problems: [String] = []
        switch value {
        case .string(let text):
            if case .array(let allowed)? = schema["enum"], !allowed.contains(.string(text)) {
                problems.append("\(here) is “\(text)”, not one of the document's values")
            }
            if case .string("uuid")? = schema["format"], UUID(text: text) == nil { problems.append("\(here) is not a uuid") }
            if case .string("date-time")? = schema["format"], (try? Date.ISO8601FormatStyle().parse(text)) == nil,
               (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) == nil {
                problems.append("\(here) is not a date-time")
            }
        case .object(let fields):
            if case .array(let required)? = schema["required"] {
                for case .string(let name) in required where fields[name] == nil { problems.append("\(here) lacks “\(name)”") }
            }
            let properties: [String: JSONValue] = if case .object(let properties)? = schema["properties"] { properties } else { [:] }
            for (name, field) in fields.sorted(by: { $0.key < $1.key }) {
                if let property = properties[name] {
                    problems += validate(field, property, at: "\(pointer)/\(name)")
                } else if case .bool(false)? = schema["additionalProperties"] {
                    problems.append("\(here) has “\(name)”, which the document does not name")
                } else if let additional = schema["additionalProperties"], case .object = additional {
                    problems += validate(field, additional, at: "\(pointer)/\(name)")
                }
            }
        case .array(let items):
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { problems += validate(item, itemSchema, at: "\(pointer)/\(index)") }
            }
        default:
            break
        }
        return problems
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (value, type) {
        case (.string, "string"), (.bool, "boolean"), (.array, "array"), (.object, "object"), (.null, "null"),
             (.int, "integer"), (.int, "number"), (.double, "number"):
            true
        default:
            false
        }
    }

    static func kind(of value: JSONValue) -> String {
        switch value {
        case .string: "a string"
        case .int: "an integer"
        case .double: "a number"
        case .bool: "a boolean"
        case .array: "an array"
        case .object: "an object"
        case .null: "null"
        }
    }
}
