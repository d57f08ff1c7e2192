import HeraldApp
import Foundation
import HeraldTestSupport
import Testing
import Vapor

@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("served at /api/openapi.json, OpenAPI 3.1, describing exactly the registered /api/v1 routes")
    func coverage() async throws {
        try await withHerald { app in
            let browser = try TestBrowser(app: app)
            let response = try await browser.get("/api/openapi.json")
            #expect(response.status == .ok)
            let document = response.json
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])

            var registered: Set<String> = []
            for route in app.routes.all {
                let components = route.path.map(\.description)
                guard components.starts(with: ["api", "v1"]) else { continue }
                let path = "/" + components.dropFirst(2).map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 }
                    .joined(separator: "/")
                let method = route.method.rawValue.lowercased()
                registered.insert("\(method) \(path)")
                #expect(paths[path]?[method] != nil, "\(method.uppercased()) /api/v1\(path) is not in the OpenAPI document")
            }
            var documented: Set<String> = []
            for (path, operations) in paths {
                for method in operations.keys { documented.insert("\(method) \(path)") }
            }
            #expect(documented == registered, "documented but not routed: \(documented.subtracting(registered))")
            #expect(registered.count >= 24)
        }
    }

    @Test("every $ref points at a defined schema; every operation documents errors")
    func references() async throws {
        try await withHerald { app in
            let data = Data(buffer: try await TestBrowser(app: app).get("/api/openapi.json").body)
            let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            var names: [String] = []
            func collect(_ value: Any) {
                if let object = value as? [String: Any] {
                    if let ref = object["$ref"] as? String { names.append(String(ref.split(separator: "/").last!)) }
                    object.values.forEach(collect)
                } else if let array = value as? [Any] {
                    array.forEach(collect)
                }
            }
            collect(document)
            #expect(!names.isEmpty)
            for name in Set(names) { #expect(schemas[name] != nil, "missing schema \(name)") }
            let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
            for (path, operations) in paths {
                for (method, operation) in operations {
                    let responses = operation["responses"] as? [String: Any] ?? [:]
                    #expect(responses["401"] != nil && responses["422"] != nil, "\(method) \(path)")
                }
            }
        }
    }
}

@Suite("Every API answer is checked against the document")
struct OpenAPIValidatorTests {
    @Test("the validator refuses undeclared fields, wrong types, unknown enum values, missing required fields and undeclared statuses")
    func catches() {
        let validator = OpenAPIValidator.shared
        let id = UUID().uuidString
        func problems(_ json: String, status: Int = 200, path: String = "/api/v1/workspaces/\(UUID().uuidString)/posts/\(UUID().uuidString)") -> [String] {
            validator.problems(method: "GET", path: path, status: status, contentType: "application/json; charset=utf-8", body: Data(json.utf8))
        }
        #expect(problems(#"{"id":"\#(id)","text":"x","status":"draft","targets":[]}"#).isEmpty)
        #expect(problems(#"{"id":"\#(id)","text":"x","status":"draft","targets":[],"secret":1}"#).first?.contains("“secret”") == true)
        #expect(problems(#"{"id":"\#(id)","text":7,"status":"draft","targets":[]}"#).first?.contains("/text is an integer, not string") == true)
        #expect(problems(#"{"id":"\#(id)","text":"x","status":"lost","targets":[]}"#).first?.contains("“lost”") == true)
        #expect(problems(#"{"id":"not-an-id","text":"x","status":"draft","targets":[]}"#).first?.contains("not a uuid") == true)
        #expect(problems(#"{"id":"\#(id)","status":"draft","targets":[]}"#).first?.contains("lacks “text”") == true)
        #expect(problems("{}", path: "/api/v1/nowhere").first?.contains("no such operation") == true)
        #expect(problems(#"{"error":{"code":"x","message":"y","request_id":"z"}}"#, status: 418).isEmpty, "any refusal has the error shape")
        #expect(!problems(#"{"nope":true}"#, status: 418).isEmpty)
    }
}
